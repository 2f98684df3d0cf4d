using System.Net;
using System.Text.Json;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// Task events. A task completed in Dynamics 365 (statecode 1) with a <c>cs_outcome</c> and no <c>cs_outcomeresult</c> is
/// a pending event; its id is the task row's <c>versionnumber</c>, which Dataverse raises on every change, so ids grow in
/// the order tasks are completed. Marking it processed writes <c>cs_outcomeresult</c>.
/// </summary>
internal sealed partial class DataverseGateway
{
    public async Task<TaskCompletion> CompleteTaskAsync(string key, string outcome, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var url = OData.ByKey("tasks", "cs_stepkey", key);
        using var task = await _client.GetOrNullAsync($"{url}?$select=activityid,statecode,cs_outcomes,cs_outcome", cancellationToken);
        if (task is null)
        {
            return new TaskCompletion(TaskCompletionStatus.NotFound, key, [], null, null);
        }

        var row = task.RootElement;
        var allowed = DataverseRows.Outcomes(DataverseRows.Text(row, "cs_outcomes"));
        if (DataverseRows.Int(row, "statecode", "task", key) != 0)
        {
            return new TaskCompletion(TaskCompletionStatus.AlreadyCompleted, key, allowed, DataverseRows.Text(row, "cs_outcome"), null);
        }

        if (!allowed.Contains(outcome, StringComparer.Ordinal))
        {
            return new TaskCompletion(TaskCompletionStatus.OutcomeNotAllowed, key, allowed, null, null);
        }

        // Completed as the Dynamics 365 form completes a task, guarded by the row's ETag: a completion in between wins.
        var body = DataverseBodies.Write(json =>
        {
            json.WriteNumber("statecode", 1);
            json.WriteNumber("statuscode", 5);
            json.WriteString("cs_outcome", outcome);
            json.WriteString("actualend", OData.Timestamp(at));
        });
        var etag = DataverseRows.Text(row, "@odata.etag") ?? "*";
        var (status, written, message, code) = await _client.PatchAsync(url, body, etag, null, returnRow: true, cancellationToken);
        using (written)
        {
            if (status == HttpStatusCode.PreconditionFailed)
            {
                return await CompleteTaskAsync(key, outcome, at, cancellationToken);
            }

            if ((int)status is < 200 or >= 300)
            {
                throw new DataverseException(status, code ?? "", message ?? "", $"PATCH {url} (complete task)");
            }

            var version = written is null ? await ReadVersionAsync(url, cancellationToken) : DataverseRows.Version(written.RootElement);
            return new TaskCompletion(TaskCompletionStatus.Completed, key, allowed, outcome, version);
        }
    }

    public async Task<IReadOnlyList<TaskEvent>> ReadPendingTaskEventsAsync(CancellationToken cancellationToken)
    {
        var events = new List<TaskEvent>();
        await _client.ReadAllPagesAsync(
            OData.Query("tasks", "cs_stepkey,_regardingobjectid_value,cs_playbook,cs_state,cs_outcome,actualend,versionnumber",
                "statecode eq 1 and cs_outcome ne null and cs_outcomeresult eq null and cs_stepkey ne null", "versionnumber asc"),
            OData.MaxPageSize(_options.MaxPageSize),
            rows =>
            {
                foreach (var row in rows.EnumerateArray())
                {
                    events.Add(new TaskEvent(
                        DataverseRows.Version(row),
                        DataverseRows.Text(row, "cs_stepkey")!,
                        DataverseRows.Lookup(row, "_regardingobjectid_value") ?? "",
                        DataverseRows.Text(row, "cs_playbook") ?? "",
                        DataverseRows.Text(row, "cs_state") ?? "",
                        DataverseRows.Text(row, "cs_outcome")!,
                        DataverseRows.Timestamp(row, "actualend") ?? _time.GetUtcNow()));
                }
            },
            cancellationToken);
        return [.. events.OrderBy(e => e.Id)];
    }

    public async Task MarkTaskEventProcessedAsync(long id, TaskEventResult result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var url = OData.ByKey("tasks", "cs_stepkey", result.TaskKey);
        var body = DataverseBodies.Write(json => json.WriteString("cs_outcomeresult", DataverseBodies.Limit(result.ToString(), 2000)));
        var (status, _, message, code) = await _client.PatchAsync(url, body, "*", null, returnRow: false, cancellationToken);
        if ((int)status is < 200 or >= 300 && status != HttpStatusCode.NotFound)
        {
            throw new DataverseException(status, code ?? "", message ?? "", $"PATCH {url} (mark task event {id} processed)");
        }
    }

    private async Task<long> ReadVersionAsync(string url, CancellationToken cancellationToken)
    {
        using var row = await _client.GetAsync($"{url}?$select=versionnumber", null, cancellationToken);
        return DataverseRows.Version(row.RootElement);
    }
}
