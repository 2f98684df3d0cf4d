using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.Connector.Tests.Web;

namespace CrmSuite.Connector.Tests.Sync;

/// <summary>Task outcomes through the real CRM, state store and engine runtime, including what a crash leaves behind.</summary>
public sealed class TaskEventProcessorTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_outcome_recorded_before_a_crash_is_applied_by_the_next_sync()
    {
        await using var services = await OpenAsync();
        var key = await CallTaskKeyAsync(services, "A0001");
        // The crash: the completion and its event are committed, the processing never ran.
        var completion = await services.Crm.CompleteTaskAsync(key, "reached", _time.GetUtcNow(), CancellationToken.None);
        Assert.Equal(TaskCompletionStatus.Completed, completion.Status);

        await services.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal(1, await TestCrm.ScalarAsync(services.Crm, $"SELECT COUNT(*) FROM task_events WHERE task_key = '{key}' AND result = 'applied: Call -> Offer: 1 task(s), 1 proposal(s)'"));
        Assert.Equal(1, await TestCrm.ScalarAsync(services.Crm, "SELECT COUNT(*) FROM tasks WHERE account_id = 'A0001' AND state = 'Offer' AND status = 'open'"));
        Assert.Equal(1, await TestCrm.ScalarAsync(services.Crm, "SELECT COUNT(*) FROM proposals WHERE account_id = 'A0001' AND offer_id = 'next-tier'"));
    }

    [Fact]
    public async Task An_event_applied_before_the_crm_heard_so_is_marked_and_never_applied_twice()
    {
        await using var services = await OpenAsync();
        var key = await CallTaskKeyAsync(services, "A0002");
        await services.TaskEvents.CompleteAsync(key, "reached", CancellationToken.None);
        // The crash: the state commit happened, the CRM's processed mark did not.
        await TestCrm.ExecuteAsync(services.Crm, "UPDATE task_events SET processed_at = NULL, result = NULL");

        var results = await services.TaskEvents.ProcessPendingAsync(CancellationToken.None);

        Assert.Equal(EventResultKind.AlreadyApplied, Assert.Single(results).Kind);
        Assert.Equal(1, await StateScalarAsync(services, "SELECT COUNT(*) FROM audit_log WHERE account_id = 'A0002' AND to_state = 'Offer'"));
        Assert.Equal(1, await StateScalarAsync(services, "SELECT COUNT(*) FROM outbox WHERE account_id = 'A0002' AND kind = 'task' AND payload LIKE '%\"state\":\"Offer\"%'"));
    }

    [Fact]
    public async Task An_outcome_for_a_state_the_playbook_has_left_changes_nothing()
    {
        await using var services = await OpenAsync();
        var key = await CallTaskKeyAsync(services, "A0003");
        await TestCrm.ExecuteAsync(services.Crm, $"UPDATE tasks SET state = 'Offer' WHERE key = '{key}'");
        await TestCrm.ExecuteAsync(services.Crm, $"UPDATE tasks SET outcomes = 'reached|accepted' WHERE key = '{key}'");

        var result = await services.TaskEvents.CompleteAsync(key, "accepted", CancellationToken.None);

        var processed = Assert.Single(result.Processed);
        Assert.Equal(EventResultKind.Stale, processed.Kind);
        Assert.StartsWith("the playbook moved on from Offer to Call", processed.Detail, StringComparison.Ordinal);
        Assert.Equal(1, await StateScalarAsync(services, "SELECT COUNT(*) FROM instances WHERE account_id = 'A0003' AND state = 'Call'"));
    }

    private async Task<TestConnector> OpenAsync()
    {
        var services = new TestConnector(_folder, WorkQueuePlaybooks.Write(_folder), _time);
        await TestCrm.WriteAsync(services.Crm, AccountBuilder.Many(3));
        await services.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);
        return services;
    }

    private static async Task<string> CallTaskKeyAsync(TestConnector services, string accountId)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={services.Crm.Location};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT key FROM tasks WHERE account_id = '{accountId}' AND state = 'Call' AND status = 'open'";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> StateScalarAsync(TestConnector services, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={services.Store.Path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
