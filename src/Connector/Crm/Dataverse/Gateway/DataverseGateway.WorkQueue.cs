using System.Collections.Immutable;
using System.Text.Json;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// The reads behind the work queue. A CSM's open tasks are the open CrmSuite tasks (statecode 0, with a
/// <c>cs_stepkey</c>) regarding the accounts the CSM owns, ordered by due date, then priority, then creation.
/// </summary>
internal sealed partial class DataverseGateway
{
    public async Task<IReadOnlyList<CrmCsm>> ReadCsmsAsync(CancellationToken cancellationToken)
    {
        var csms = new List<CrmCsm>();
        foreach (var user in await ReadUserListAsync(cancellationToken))
        {
            var accounts = await ReadOwnedAccountsAsync(user.Id, cancellationToken);
            if (user.Role != "csm" && accounts.Count == 0)
            {
                continue;
            }

            var open = await ReadOpenTaskRowsAsync(accounts, cancellationToken);
            csms.Add(new CrmCsm(user.Id, user.Name, user.Role, open.Count));
        }

        return [.. csms.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal)];
    }

    public async Task<CrmTaskQueue?> ReadOpenTasksAsync(string csmId, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (await ReadUserAsync(csmId, cancellationToken) is not { } user)
        {
            return null;
        }

        var accounts = await ReadOwnedAccountsAsync(user.Id, cancellationToken);
        var open = await ReadOpenTaskRowsAsync(accounts, cancellationToken);
        var first = open
            .OrderBy(t => t.Task.Due)
            .ThenBy(t => Rank(t.Task.Priority))
            .ThenBy(t => t.Task.CreatedAt)
            .ThenBy(t => t.Task.Key, StringComparer.Ordinal)
            .Take(max)
            .ToList();
        var proposals = await ReadProposalRowsAsync([.. first.Select(t => t.Task.AccountId).Distinct(StringComparer.Ordinal)], null, cancellationToken);
        var tasks = first.Select(t =>
        {
            // The proposal of the same step: same account, playbook, version and state, issued the day the task was created.
            var proposal = proposals
                .Where(p => p.AccountId == t.Task.AccountId && p.PlaybookId == t.Task.PlaybookId && p.PlaybookVersion == t.Task.PlaybookVersion
                    && p.State == t.Task.State && p.IssuedOn == DateOnly.FromDateTime(t.Task.CreatedAt.UtcDateTime))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new CrmProposalState(p.Key, p.OfferId, p.IssuedOn, p.ExpiresOn, p.Status))
                .FirstOrDefault();
            return new CrmOpenTask(t.Task, accounts.GetValueOrDefault(t.Task.AccountId) ?? "", proposal);
        });
        return new CrmTaskQueue(new CrmCsm(user.Id, user.Name, user.Role, open.Count), open.Count, [.. tasks]);
    }

    public async Task<IReadOnlyList<CrmOpenProposal>?> ReadOpenProposalsAsync(string csmId, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (await ReadUserAsync(csmId, cancellationToken) is not { } user)
        {
            return null;
        }

        var accounts = await ReadOwnedAccountsAsync(user.Id, cancellationToken);
        var proposals = await ReadProposalRowsAsync([.. accounts.Keys], "cs_status eq 'issued'", cancellationToken);
        return [.. proposals
            .OrderBy(p => p.ExpiresOn).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(max)
            .Select(p => new CrmOpenProposal(p.Key, p.AccountId, accounts.GetValueOrDefault(p.AccountId) ?? "", p.PlaybookId, p.State, p.OfferId, p.IssuedOn,
                p.ExpiresOn, p.Reason, p.Terms, p.Document))];
    }

    private static int Rank(PlaybookEngine.Runtime.TaskPriority priority) => priority switch
    {
        PlaybookEngine.Runtime.TaskPriority.Urgent => 0,
        PlaybookEngine.Runtime.TaskPriority.High => 1,
        PlaybookEngine.Runtime.TaskPriority.Normal => 2,
        _ => 3,
    };

    private async Task<CrmUser?> ReadUserAsync(string id, CancellationToken cancellationToken)
    {
        if (!OData.IsGuid(id))
        {
            return null;
        }

        using var found = await _client.GetOrNullAsync($"{OData.ById("systemusers", id)}?$select={DataverseRows.UserColumns}", cancellationToken);
        return found is null ? null : DataverseRows.User(found.RootElement);
    }

    /// <summary>The accounts a user owns: id → name.</summary>
    private async Task<Dictionary<string, string>> ReadOwnedAccountsAsync(string userId, CancellationToken cancellationToken)
    {
        var accounts = new Dictionary<string, string>(StringComparer.Ordinal);
        await _client.ReadAllPagesAsync(
            OData.Query("accounts", "accountid,name", $"_ownerid_value eq {OData.Guid(userId)}"),
            OData.MaxPageSize(_options.MaxPageSize),
            rows =>
            {
                foreach (var row in rows.EnumerateArray())
                {
                    accounts[DataverseRows.Id(row, "accountid")] = DataverseRows.Text(row, "name") ?? "";
                }
            },
            cancellationToken);
        return accounts;
    }

    private async Task<List<CrmOpenTask>> ReadOpenTaskRowsAsync(Dictionary<string, string> accounts, CancellationToken cancellationToken)
    {
        var tasks = new List<CrmOpenTask>();
        var reads = Chunks(accounts.Keys, _options.IdsPerFilter)
            .Select(chunk => (Get(OData.Query("tasks", DataverseRows.TaskColumns, $"statecode eq 0 and cs_stepkey ne null and {OData.AnyOf("_regardingobjectid_value", chunk)}"),
                OData.MaxPageSize(_options.MaxPageSize)), (Action<JsonElement>)(row => tasks.Add(new CrmOpenTask(ReadTask(row), "", null)))))
            .ToList();
        await RunReadsAsync(reads, cancellationToken);
        return tasks;
    }

    private static CrmTask ReadTask(JsonElement row)
    {
        var key = DataverseRows.Text(row, "cs_stepkey") ?? "";
        var state = DataverseRows.Text(row, "cs_state") ?? "";
        return new CrmTask(
            key,
            DataverseRows.Lookup(row, "_regardingobjectid_value") ?? "",
            DataverseRows.Text(row, "cs_playbook") ?? "",
            DataverseRows.Int(row, "cs_playbookversion", "task", key) ?? 0,
            DataverseRows.Reason(row, "cs_reason", state),
            state,
            DataverseRows.Text(row, "subject") ?? "",
            DataverseRows.Date(row, "scheduledend", "task", key) ?? default,
            DataverseRows.Text(row, "cs_ownerrole") ?? "",
            DataverseRows.Priority(row, key),
            DataverseRows.Outcomes(DataverseRows.Text(row, "cs_outcomes")),
            DataverseRows.Timestamp(row, "cs_createdat") ?? DataverseRows.Timestamp(row, "createdon") ?? default,
            DataverseRows.Int(row, "cs_step", "task", key) ?? 0);
    }

    private sealed record ProposalRow(
        string Key, string AccountId, string PlaybookId, int PlaybookVersion, string State, string OfferId, DateOnly IssuedOn, DateOnly ExpiresOn,
        ProposalStatus Status, PlaybookEngine.Runtime.Reason Reason, ProposalTerms? Terms, string? Document);

    private async Task<List<ProposalRow>> ReadProposalRowsAsync(IReadOnlyList<string> accountIds, string? filter, CancellationToken cancellationToken)
    {
        var proposals = new List<ProposalRow>();
        var reads = Chunks(accountIds, _options.IdsPerFilter)
            .Select(chunk => (Get(OData.Query("cs_upgradeproposals", DataverseRows.ProposalColumns + ",cs_reason,cs_terms,cs_document",
                (filter is null ? "" : filter + " and ") + OData.AnyOf("_cs_accountid_value", chunk)), OData.MaxPageSize(_options.MaxPageSize)),
                (Action<JsonElement>)(row =>
                {
                    var key = DataverseRows.Text(row, "cs_key") ?? "";
                    var state = DataverseRows.Text(row, "cs_state") ?? "";
                    var terms = DataverseRows.Text(row, "cs_terms");
                    proposals.Add(new ProposalRow(key, DataverseRows.Lookup(row, "_cs_accountid_value") ?? "", DataverseRows.Text(row, "cs_playbook") ?? "",
                        DataverseRows.Int(row, "cs_playbookversion", "cs_upgradeproposal", key) ?? 0, state, DataverseRows.Text(row, "cs_offerid") ?? "",
                        DataverseRows.Date(row, "cs_issuedon", "cs_upgradeproposal", key) ?? default,
                        DataverseRows.Date(row, "cs_expireson", "cs_upgradeproposal", key) ?? default,
                        DataverseRows.ProposalStatus(row, key), DataverseRows.Reason(row, "cs_reason", state),
                        terms is null ? null : JsonSerializer.Deserialize(terms, CrmJson.Default.ProposalTerms), DataverseRows.Text(row, "cs_document")));
                })))
            .ToList();
        await RunReadsAsync(reads, cancellationToken);
        return proposals;
    }
}
