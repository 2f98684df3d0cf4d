using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Crm.Dataverse.Gateway;

namespace CrmSuite.Connector.Tests.Crm.Dataverse;

/// <summary>Task completions as Dynamics 365 records them, read back as events whose ids are the rows' versionnumber.</summary>
public sealed class DataverseGatewayEventTests
{
    private const string Account = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 5, 0, TimeSpan.Zero);

    private static DataverseGateway Gateway(RecordingHandler handler) =>
        new(handler.Client(), Options.Create(new DataverseGatewayOptions()), new FakeTimeProvider(Now), NullLogger<DataverseGateway>.Instance);

    [Fact]
    public async Task Completing_a_task_writes_what_the_dynamics_form_writes_guarded_by_the_etag_and_the_event_id_is_the_new_versionnumber()
    {
        var handler = new RecordingHandler(r => r.Method == "GET"
            ? RecordingHandler.Json("""{"@odata.etag":"W/\"500\"","activityid":"11111111-2222-3333-4444-555555555555","statecode":0,"cs_outcomes":"reached,no_answer","cs_outcome":null}""")
            : RecordingHandler.Json("""{"@odata.etag":"W/\"501\"","versionnumber":501}"""));

        var completion = await Gateway(handler).CompleteTaskAsync("T1", "no_answer", Now, CancellationToken.None);

        Assert.Equal((TaskCompletionStatus.Completed, 501L), (completion.Status, completion.EventId));
        var patch = handler.Sent[^1];
        Assert.Equal(("PATCH", RecordingHandler.Root + "tasks(cs_stepkey='T1')"), (patch.Method, patch.Url));
        Assert.Equal(("W/\"500\"", "return=representation"), (patch.Header("If-Match"), patch.Header("Prefer")));
        Assert.Equal("""{"statecode":1,"statuscode":5,"cs_outcome":"no_answer","actualend":"2026-11-24T09:05:00Z"}""", patch.Body);
    }

    [Fact]
    public async Task Completing_with_an_outcome_the_task_does_not_allow_or_an_unknown_task_writes_nothing()
    {
        var handler = new RecordingHandler(r => r.Url.Contains("'NOPE'", StringComparison.Ordinal)
            ? RecordingHandler.Error(HttpStatusCode.NotFound, "0x80060891", "A record with the specified key values does not exist in task entity")
            : RecordingHandler.Json("""{"@odata.etag":"W/\"500\"","statecode":0,"cs_outcomes":"reached,no_answer"}"""));
        var gateway = Gateway(handler);

        var unknown = await gateway.CompleteTaskAsync("NOPE", "reached", Now, CancellationToken.None);
        var refused = await gateway.CompleteTaskAsync("T1", "accepted", Now, CancellationToken.None);

        Assert.Equal(TaskCompletionStatus.NotFound, unknown.Status);
        Assert.Equal(TaskCompletionStatus.OutcomeNotAllowed, refused.Status);
        Assert.All(handler.Sent, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task Pending_task_events_are_completed_tasks_with_an_outcome_and_no_result_oldest_version_first()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json($$"""
            {"value":[
              {"cs_stepkey":"T2","_regardingobjectid_value":"{{Account}}","cs_playbook":"seat-expansion","cs_state":"CheckIn","cs_outcome":"reached","actualend":"2026-11-24T09:02:00Z","versionnumber":702},
              {"cs_stepkey":"T1","_regardingobjectid_value":"{{Account}}","cs_playbook":"seat-expansion","cs_state":"CheckIn","cs_outcome":"no_answer","actualend":"2026-11-24T09:01:00Z","versionnumber":701}]}
            """));

        var pending = await Gateway(handler).ReadPendingTaskEventsAsync(CancellationToken.None);

        Assert.Contains("$filter=statecode eq 1 and cs_outcome ne null and cs_outcomeresult eq null", handler.Sent[0].Url, StringComparison.Ordinal);
        Assert.Equal(
            [new TaskEvent(701, "T1", Account, "seat-expansion", "CheckIn", "no_answer", Now.AddMinutes(-4)),
             new TaskEvent(702, "T2", Account, "seat-expansion", "CheckIn", "reached", Now.AddMinutes(-3))],
            pending);
    }
}
