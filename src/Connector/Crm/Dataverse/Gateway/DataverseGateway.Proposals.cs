using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// Proposal events. A proposal whose <c>cs_status</c> is accepted, declined or expired and that has no
/// <c>cs_eventresult</c> is a pending event, its id the row's <c>versionnumber</c>. Answering and expiring write the
/// columns a Dynamics 365 user would set; marking an event processed writes <c>cs_eventresult</c>.
/// </summary>
internal sealed partial class DataverseGateway
{
    // Event ids handed out by the last read of pending events, with the row each names (the mark carries the id only).
    private readonly ConcurrentDictionary<long, string> _proposalEventRows = new();

    public async Task<ProposalAnswerResult> AnswerProposalAsync(ProposalAnswerRequest request, CancellationToken cancellationToken)
    {
        var url = OData.ByKey("cs_upgradeproposals", "cs_key", request.Key);
        using var found = await _client.GetOrNullAsync($"{url}?$select=cs_status,cs_expireson", cancellationToken);
        if (found is null)
        {
            return new ProposalAnswerResult(ProposalAnswerStatus.NotFound, request.Key, null, null);
        }

        var status = DataverseRows.ProposalStatus(found.RootElement, request.Key);
        if (status != ProposalStatus.Issued)
        {
            return new ProposalAnswerResult(ProposalAnswerStatus.Closed, request.Key, status, null);
        }

        var expires = DataverseRows.Date(found.RootElement, "cs_expireson", "cs_upgradeproposal", request.Key);
        if (expires is { } last && DateOnly.FromDateTime(request.At.UtcDateTime) > last)
        {
            return new ProposalAnswerResult(ProposalAnswerStatus.Expired, request.Key, status, null);
        }

        var accepted = request.Answer == ProposalAnswer.Accepted;
        var body = DataverseBodies.Write(json =>
        {
            json.WriteString("cs_status", accepted ? "accepted" : "declined");
            json.WriteString("cs_answeredon", OData.Timestamp(request.At));
            json.WriteString("cs_answeredby", DataverseBodies.Limit(request.AnsweredBy, 200));
            if (!accepted && request.Reason is { } reason)
            {
                json.WriteString("cs_declinereason", DataverseBodies.Limit(reason, 2000));
            }
        });
        var etag = DataverseRows.Text(found.RootElement, "@odata.etag") ?? "*";
        var (written, row, message, code) = await _client.PatchAsync(url, body, etag, null, returnRow: true, cancellationToken);
        using (row)
        {
            if (written == HttpStatusCode.PreconditionFailed)
            {
                return await AnswerProposalAsync(request, cancellationToken);
            }

            if ((int)written is < 200 or >= 300)
            {
                throw new DataverseException(written, code ?? "", message ?? "", $"PATCH {url} (answer proposal)");
            }

            var id = row is null ? await ReadVersionAsync(url, cancellationToken) : DataverseRows.Version(row.RootElement);
            return new ProposalAnswerResult(ProposalAnswerStatus.Answered, request.Key, accepted ? ProposalStatus.Accepted : ProposalStatus.Declined, id);
        }
    }

    public async Task<int> ExpireProposalsAsync(DateOnly today, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var due = new List<string>();
        await _client.ReadAllPagesAsync(
            OData.Query("cs_upgradeproposals", "cs_upgradeproposalid,cs_key", $"cs_status eq 'issued' and cs_expireson lt {OData.Date(today)}", "cs_key"),
            OData.MaxPageSize(_options.MaxPageSize),
            rows =>
            {
                foreach (var row in rows.EnumerateArray())
                {
                    due.Add(DataverseRows.Id(row, "cs_upgradeproposalid"));
                }
            },
            cancellationToken);
        var body = DataverseBodies.Write(json =>
        {
            json.WriteString("cs_status", "expired");
            json.WriteString("cs_answeredon", OData.Timestamp(at));
        });
        await SendWritesAsync([.. due.Select(id => new BatchOperation("PATCH", OData.ById("cs_upgradeproposals", id), body, id, IfMatch: "*"))], null, cancellationToken);
        return due.Count;
    }

    public async Task<IReadOnlyList<ProposalEvent>> ReadExpiringProposalsAsync(DateOnly today, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var due = new List<ProposalEvent>();
        await _client.ReadAllPagesAsync(
            OData.Query("cs_upgradeproposals", "cs_upgradeproposalid,cs_key,_cs_accountid_value,cs_playbook,cs_state",
                $"cs_status eq 'issued' and cs_expireson lt {OData.Date(today)}", "cs_key"),
            OData.MaxPageSize(_options.MaxPageSize),
            rows =>
            {
                foreach (var row in rows.EnumerateArray())
                {
                    due.Add(new ProposalEvent(0, DataverseRows.Text(row, "cs_key") ?? "", DataverseRows.Lookup(row, "_cs_accountid_value") ?? "",
                        DataverseRows.Text(row, "cs_playbook") ?? "", DataverseRows.Text(row, "cs_state") ?? "", ProposalEventKind.Expired, null, at));
                }
            },
            cancellationToken);
        return due;
    }

    public async Task<IReadOnlyList<ProposalEvent>> ReadPendingProposalEventsAsync(CancellationToken cancellationToken)
    {
        var events = new List<ProposalEvent>();
        await _client.ReadAllPagesAsync(
            OData.Query("cs_upgradeproposals", "cs_upgradeproposalid,cs_key,_cs_accountid_value,cs_playbook,cs_state,cs_status,cs_declinereason,cs_answeredon,versionnumber",
                $"{OData.InTexts("cs_status", ["accepted", "declined", "expired"])} and cs_eventresult eq null", "versionnumber asc"),
            OData.MaxPageSize(_options.MaxPageSize),
            rows =>
            {
                foreach (var row in rows.EnumerateArray())
                {
                    var key = DataverseRows.Text(row, "cs_key") ?? "";
                    var id = DataverseRows.Version(row);
                    _proposalEventRows[id] = DataverseRows.Id(row, "cs_upgradeproposalid");
                    var kind = DataverseRows.ProposalStatus(row, key) switch
                    {
                        ProposalStatus.Accepted => ProposalEventKind.Accepted,
                        ProposalStatus.Declined => ProposalEventKind.Declined,
                        _ => ProposalEventKind.Expired,
                    };
                    events.Add(new ProposalEvent(id, key, DataverseRows.Lookup(row, "_cs_accountid_value") ?? "", DataverseRows.Text(row, "cs_playbook") ?? "",
                        DataverseRows.Text(row, "cs_state") ?? "", kind, kind == ProposalEventKind.Declined ? DataverseRows.Text(row, "cs_declinereason") : null,
                        DataverseRows.Timestamp(row, "cs_answeredon") ?? _time.GetUtcNow()));
                }
            },
            cancellationToken);
        return [.. events.OrderBy(e => e.Id)];
    }

    public async Task MarkProposalEventProcessedAsync(long id, string result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!_proposalEventRows.TryGetValue(id, out var rowId))
        {
            using var found = await _client.GetAsync(OData.Query("cs_upgradeproposals", "cs_upgradeproposalid", $"versionnumber eq {id}"), null, cancellationToken);
            var rows = found.RootElement.GetProperty("value");
            if (rows.GetArrayLength() == 0)
            {
                // Marked before (the mark raised its version) or changed since: nothing is pending under this id.
                return;
            }

            rowId = DataverseRows.Id(rows[0], "cs_upgradeproposalid");
        }

        var url = OData.ById("cs_upgradeproposals", rowId);
        var body = DataverseBodies.Write(json => json.WriteString("cs_eventresult", DataverseBodies.Limit(result, 2000)));
        var (status, _, message, code) = await _client.PatchAsync(url, body, "*", null, returnRow: false, cancellationToken);
        if ((int)status is < 200 or >= 300 && status != HttpStatusCode.NotFound)
        {
            throw new DataverseException(status, code ?? "", message ?? "", $"PATCH {url} (mark proposal event {id} processed)");
        }

        _proposalEventRows.TryRemove(id, out _);
    }

    public async Task ReopenProposalAsync(string key, CancellationToken cancellationToken)
    {
        var url = OData.ByKey("cs_upgradeproposals", "cs_key", key);
        using var found = await _client.GetOrNullAsync($"{url}?$select=cs_status", cancellationToken);
        if (found is null || DataverseRows.ProposalStatus(found.RootElement, key) != ProposalStatus.Accepted)
        {
            return;
        }

        var body = DataverseBodies.Write(json =>
        {
            json.WriteString("cs_status", "issued");
            json.WriteNull("cs_answeredon");
            json.WriteNull("cs_answeredby");
            json.WriteNull("cs_declinereason");
        });
        var (status, _, message, code) = await _client.PatchAsync(url, body, DataverseRows.Text(found.RootElement, "@odata.etag") ?? "*", null, false, cancellationToken);
        if ((int)status is < 200 or >= 300 && status != HttpStatusCode.PreconditionFailed)
        {
            throw new DataverseException(status, code ?? "", message ?? "", $"PATCH {url} (reopen proposal)");
        }
    }

    public async Task<CrmProposalRecord?> ReadProposalAsync(string key, CancellationToken cancellationToken)
    {
        using var found = await _client.GetOrNullAsync($"{OData.ByKey("cs_upgradeproposals", "cs_key", key)}?$select={DataverseRows.ProposalColumns},cs_terms", cancellationToken);
        if (found is null)
        {
            return null;
        }

        var row = found.RootElement;
        var terms = DataverseRows.Text(row, "cs_terms");
        return new CrmProposalRecord(
            key,
            DataverseRows.Lookup(row, "_cs_accountid_value") ?? "",
            DataverseRows.Text(row, "cs_playbook") ?? "",
            DataverseRows.Text(row, "cs_state") ?? "",
            DataverseRows.Text(row, "cs_offerid") ?? "",
            DataverseRows.Date(row, "cs_issuedon", "cs_upgradeproposal", key) ?? default,
            DataverseRows.Date(row, "cs_expireson", "cs_upgradeproposal", key) ?? default,
            DataverseRows.ProposalStatus(row, key),
            terms is null ? null : JsonSerializer.Deserialize(terms, CrmJson.Default.ProposalTerms));
    }
}
