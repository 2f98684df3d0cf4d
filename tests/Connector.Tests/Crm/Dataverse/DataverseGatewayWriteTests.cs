using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Crm.Dataverse.Gateway;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Tests.Crm.Dataverse;

/// <summary>The request shapes of the gateway's writes (docs/dataverse.md, "How the connector reads and writes Dataverse").</summary>
public sealed class DataverseGatewayWriteTests
{
    private const string Account = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    private const string Owner = "9b2f1c4e-0d3a-4c47-8a63-1a2b3c4d5e6f";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static CrmTask Task(string key, int step = 1, string state = "CheckIn") =>
        new(key, Account, "seat-expansion", 1, new Reason("Start", state, "after 30 days", []), state, "Check in <b>now</b>", new DateOnly(2026, 11, 27), "csm",
            TaskPriority.High, ["reached", "no_answer"], Now, step);

    private static DataverseGateway Gateway(RecordingHandler handler, int batchSize = 500, FakeTimeProvider? time = null) =>
        new(handler.Client(), Options.Create(new DataverseGatewayOptions { BatchSize = batchSize }), time ?? new FakeTimeProvider(Now), NullLogger<DataverseGateway>.Instance);

    private static HttpResponseMessage Owners(SentRequest request) =>
        RecordingHandler.Batch((200, $$"""{"value":[{"accountid":"{{Account}}","_ownerid_value":"{{Owner}}"}]}"""));

    [Fact]
    public async Task Tasks_are_create_only_upserts_by_alternate_key_in_one_batch_that_continues_on_error()
    {
        var batches = 0;
        var handler = new RecordingHandler(r => ++batches == 1 ? Owners(r) : RecordingHandler.Batch((204, ""), (412, """{"error":{"code":"0x80060892","message":"exists"}}""")));

        await Gateway(handler).UpsertAsync(CrmWriteBatch.Of([Task("K1"), Task("K2")]), CancellationToken.None);

        var write = handler.Sent[^1];
        Assert.Equal(("POST", RecordingHandler.Root + "$batch"), (write.Method, write.Url));
        Assert.Equal("odata.continue-on-error", write.Header("Prefer"));
        var operations = RecordingHandler.Operations(write);
        Assert.Equal(2, operations.Count);
        Assert.Contains($"PATCH {RecordingHandler.Root}tasks(cs_stepkey='K1') HTTP/1.1", operations[0], StringComparison.Ordinal);
        Assert.Contains("If-None-Match: *", operations[0], StringComparison.Ordinal);
        Assert.Contains($"\"regardingobjectid_account_task@odata.bind\":\"/accounts({Account})\"", operations[0], StringComparison.Ordinal);
        Assert.Contains($"\"ownerid@odata.bind\":\"/systemusers({Owner})\"", operations[0], StringComparison.Ordinal);
        Assert.Contains("\"prioritycode\":2", operations[0], StringComparison.Ordinal);
        Assert.Contains("\"cs_priority\":\"high\"", operations[0], StringComparison.Ordinal);
        Assert.Contains("\"cs_createdat\":\"2026-11-24T09:00:00Z\"", operations[0], StringComparison.Ordinal);
        Assert.Contains("\"scheduledend\":\"2026-11-27T00:00:00Z\"", operations[0], StringComparison.Ordinal);
        var description = operations[0].Replace("\\n", "\n", StringComparison.Ordinal);
        Assert.Contains("\"description\":\"CheckIn: Check in bnow/b\nWhy: after 30 days\n", description, StringComparison.Ordinal);
        Assert.Contains("\nOutcomes: reached, no_answer\nPlaybook: ", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_carrying_a_message_variant_names_it_in_its_description()
    {
        var batches = 0;
        var handler = new RecordingHandler(r => ++batches == 1 ? Owners(r) : RecordingHandler.Batch((204, "")));
        var task = Task("K1") with { Variant = new VariantChoice("msg-1", "CheckIn/task/1", "plans") };

        await Gateway(handler).UpsertAsync(CrmWriteBatch.Of([task]), CancellationToken.None);

        var operation = RecordingHandler.Operations(handler.Sent[^1])[0].Replace("\\n", "\n", StringComparison.Ordinal);
        Assert.Contains("Playbook: seat-expansion v1\nMessage variant: plans of CheckIn/task/1 (experiment msg-1)", operation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_refused_in_a_batch_is_sent_once_alone_and_reported_with_its_dataverse_code_while_the_others_stay_written()
    {
        var handler = new RecordingHandler(r => r.Url.EndsWith("$batch", StringComparison.Ordinal)
            ? r.Body.Contains("accountid,_ownerid_value", StringComparison.Ordinal)
                ? Owners(r)
                : RecordingHandler.Batch((204, ""), (400, """{"error":{"code":"0x80040237","message":"bad value"}}"""), (204, ""))
            : RecordingHandler.Error(HttpStatusCode.BadRequest, "0x80040237", "bad value"));

        var error = await Assert.ThrowsAsync<DataverseWriteException>(
            () => Gateway(handler).UpsertAsync(CrmWriteBatch.Of([Task("K1"), Task("K2"), Task("K3")]), CancellationToken.None));

        var failure = Assert.Single(error.Failures);
        Assert.Equal(("K2", 400, "0x80040237"), (failure.Key, failure.Status, failure.Code));
        var alone = handler.Sent[^1];
        Assert.Equal(("PATCH", RecordingHandler.Root + "tasks(cs_stepkey='K2')"), (alone.Method, alone.Url));
        Assert.Equal(3, handler.Sent.Count);
    }

    [Fact]
    public async Task The_execution_time_limit_halves_the_batch_size_and_the_writes_go_again_after_retry_after()
    {
        var time = new FakeTimeProvider(Now);
        var writes = 0;
        var handler = new RecordingHandler(r =>
        {
            if (r.Body.Contains("accountid,_ownerid_value", StringComparison.Ordinal))
            {
                return Owners(r);
            }

            if (++writes == 1)
            {
                var limited = RecordingHandler.Error((HttpStatusCode)429, "0x80072321", "Combined execution time of incoming requests exceeded limit");
                limited.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30));
                return limited;
            }

            return RecordingHandler.Batch([.. Enumerable.Repeat((204, ""), RecordingHandler.Operations(r).Count)]);
        });
        var gateway = Gateway(handler, batchSize: 4, time: time);

        var upsert = gateway.UpsertAsync(CrmWriteBatch.Of([Task("K1"), Task("K2"), Task("K3"), Task("K4")]), CancellationToken.None);
        while (writes < 1)
        {
            await System.Threading.Tasks.Task.Yield();
        }

        time.Advance(TimeSpan.FromSeconds(30));
        await upsert;

        Assert.Equal(2, gateway.BatchSize);
        var sizes = handler.Sent.Skip(1).Select(r => RecordingHandler.Operations(r).Count).ToList();
        Assert.Equal([4, 2, 2], sizes);
    }

    [Fact]
    public async Task A_stage_is_written_only_when_its_step_is_higher_than_the_stored_one()
    {
        var stored = $$"""{"value":[{"@odata.etag":"W/\"77\"","cs_stagekey":"{{Account}}_seat-expansion","cs_step":3}]}""";
        var handler = new RecordingHandler(r => RecordingHandler.Batch([.. RecordingHandler.Operations(r).Select(op =>
            op.Contains("cs_playbookstages?", StringComparison.Ordinal) ? (200, stored) : (200, """{"value":[]}"""))]));
        var stage = new CrmPlaybookStage("K2", Account, "seat-expansion", 1, new Reason("CheckIn", "Offer", "t", []), "Offer", 2, Now);

        await Gateway(handler).UpsertAsync(CrmWriteBatch.Of([stage]), CancellationToken.None);

        Assert.DoesNotContain(handler.Sent, r => RecordingHandler.Operations(r).Any(op => op.StartsWith("Content-Type: application/http", StringComparison.Ordinal)
            && op.Contains("PATCH", StringComparison.Ordinal) && op.Contains("cs_playbookstages(", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_higher_stage_is_written_with_the_stored_row_s_etag_and_closes_the_open_tasks_of_earlier_steps()
    {
        var stored = $$"""{"value":[{"@odata.etag":"W/\"77\"","cs_stagekey":"{{Account}}_seat-expansion","cs_step":1}]}""";
        var open = $$"""{"value":[{"activityid":"11111111-2222-3333-4444-555555555555","cs_stepkey":"OLD","_regardingobjectid_value":"{{Account}}","cs_playbook":"seat-expansion","cs_step":1}]}""";
        var handler = new RecordingHandler(r => RecordingHandler.Batch([.. RecordingHandler.Operations(r).Select(op =>
            op.Contains("GET ", StringComparison.Ordinal)
                ? (200, op.Contains("cs_playbookstages?", StringComparison.Ordinal) ? stored : op.Contains("tasks?", StringComparison.Ordinal) ? open : """{"value":[]}""")
                : (204, ""))]));
        var stage = new CrmPlaybookStage("K2", Account, "seat-expansion", 1, new Reason("CheckIn", "Offer", "t", []), "Offer", 2, Now);

        await Gateway(handler).UpsertAsync(CrmWriteBatch.Of([stage]), CancellationToken.None);

        var writes = RecordingHandler.Operations(handler.Sent[^1]);
        Assert.Contains(writes, op => op.Contains($"cs_playbookstages(cs_stagekey='{Account}_seat-expansion')", StringComparison.Ordinal)
            && op.Contains("If-Match: W/\"77\"", StringComparison.Ordinal));
        Assert.Contains(writes, op => op.Contains("tasks(11111111-2222-3333-4444-555555555555)", StringComparison.Ordinal)
            && op.Contains("\"statecode\":2", StringComparison.Ordinal) && op.Contains("superseded: CheckIn -> Offer", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_with_characters_dataverse_refuses_in_a_url_is_an_error_naming_the_key()
    {
        var error = Assert.Throws<ArgumentException>(() => OData.ByKey("tasks", "cs_stepkey", "a/b"));

        Assert.Contains("'a/b'", error.Message, StringComparison.Ordinal);
    }
}
