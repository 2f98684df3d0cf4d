using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Cli;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Sync;

/// <summary>
/// The runtime's promises as the sync keeps them: an answer to an earlier visit is stale, an instance a new playbook
/// version cannot place is reported in the log, the audit and `crmsuite status` (never frozen in silence).
/// </summary>
public sealed class RuntimeRulesSyncTests : IDisposable
{
    private static string Playbook(int version, string states) => $"""
        ---
        id: follow-up
        title: Follow-up
        version: {version}
        status: approved
        owner: tests@crmsuite.example
        category: adoption
        priority: 10
        start: Watching
        ---

        # Follow-up

        {states}
        """;

    private const string WithCall = """
        ## Watching

        ### Transitions

        - when `health >= 0` -> Call

        ## Call

        ### Tasks

        - Call {{ account.name }}
          - due: 2 days
          - outcomes: reached

        ### Transitions

        - on outcome reached -> Done
        - after 3 days -> Pause

        ## Pause

        ### Transitions

        - after 1 day -> Watching

        ## Done (final)
        """;

    private const string WithoutCall = """
        ## Watching

        ### Transitions

        - when `health >= 0` -> Done

        ## Done (final)
        """;

    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_task_outcome_from_an_earlier_visit_to_the_same_state_is_stale_and_not_applied()
    {
        var playbooks = await WritePlaybookAsync(Playbook(1, WithCall));
        await using var connector = new TestConnector(_folder, playbooks, _time);
        await TestCrm.WriteAsync(connector.Crm, AccountBuilder.Many(1));
        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);
        var firstVisitTask = await ScalarTextAsync(connector, "SELECT key FROM tasks WHERE state = 'Call'");
        // The CSM's answer is recorded in the CRM, but the account leaves Call and comes back before it is applied.
        Assert.Equal(TaskCompletionStatus.Completed, (await connector.Crm.CompleteTaskAsync(firstVisitTask, "reached", _time.GetUtcNow(), CancellationToken.None)).Status);
        _time.Advance(TimeSpan.FromDays(3));
        await connector.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(1));
        await connector.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None);
        Assert.Equal(2, await ScalarLongAsync(connector, "SELECT COUNT(*) FROM tasks WHERE state = 'Call'"));

        var result = Assert.Single(await connector.TaskEvents.ProcessPendingAsync(CancellationToken.None));

        Assert.Equal(EventResultKind.Stale, result.Kind);
        Assert.Contains("earlier visit to Call", result.Detail, StringComparison.Ordinal);
        Assert.Equal("Call", await StateTextAsync("SELECT state FROM instances"));
        Assert.Equal(1, await ScalarLongAsync(connector, "SELECT COUNT(*) FROM tasks WHERE state = 'Call' AND status = 'open'"));
    }

    [Fact]
    public async Task An_instance_whose_state_a_new_version_dropped_is_reported_in_the_log_once_in_the_audit_and_in_status()
    {
        var playbooks = await WritePlaybookAsync(Playbook(1, WithCall));
        await using (var v1 = new TestConnector(_folder, playbooks, _time))
        {
            await TestCrm.WriteAsync(v1.Crm, AccountBuilder.Many(1));
            await v1.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);
        }

        await WritePlaybookAsync(Playbook(2, WithoutCall));
        var logs = new LogCapture();
        await using var v2 = new TestConnector(_folder, playbooks, _time, b => b.Services.AddSingleton<ILoggerProvider>(logs));

        var first = await v2.Cycle.RunAsync(SyncMode.Full, CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));
        await v2.Cycle.RunAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal(1, first.Unplaced);
        Assert.Contains("left on an old playbook version", first.ToString(), StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("follow-up v1 state Call does not exist in v2", StringComparison.Ordinal));
        Assert.Equal(1, await StateScalarAsync("SELECT COUNT(*) FROM audit_log WHERE kind = 'unplaced'"));
        Assert.Equal("1 Call", await StateTextAsync("SELECT version || ' ' || state FROM instances"));
        var status = await v2.Store.ReadStatusAsync(5, 20, CancellationToken.None);
        var row = Assert.Single(status.Unplaced!);
        Assert.Equal(("A0001", "follow-up", 1, "Call"), (row.AccountId, row.PlaybookId, row.Version, row.State));
        Assert.Contains("Unplaced instances: 1", StatusCommand.Render("state.db", status), StringComparison.Ordinal);
        Assert.Contains("A0001 follow-up v1 in Call: v2 published without state `Call`", StatusCommand.Render("state.db", status), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_that_has_the_state_again_places_the_instance_and_status_no_longer_lists_it()
    {
        var playbooks = await WritePlaybookAsync(Playbook(1, WithCall));
        await using (var v1 = new TestConnector(_folder, playbooks, _time))
        {
            await TestCrm.WriteAsync(v1.Crm, AccountBuilder.Many(1));
            await v1.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);
        }

        await WritePlaybookAsync(Playbook(2, WithoutCall));
        await using (var v2 = new TestConnector(_folder, playbooks, _time))
        {
            await v2.Cycle.RunAsync(SyncMode.Full, CancellationToken.None);
        }

        await WritePlaybookAsync(Playbook(3, WithCall));
        await using var v3 = new TestConnector(_folder, playbooks, _time);
        await v3.Cycle.RunAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal("3 Call", await StateTextAsync("SELECT version || ' ' || state FROM instances"));
        var status = await v3.Store.ReadStatusAsync(5, 20, CancellationToken.None);
        Assert.Equal(0, status.UnplacedCount);
        Assert.Empty(status.Unplaced!);
    }

    private async Task<string> WritePlaybookAsync(string markdown)
    {
        var playbooks = Path.Combine(_folder.Path, "playbooks");
        Directory.CreateDirectory(playbooks);
        await File.WriteAllTextAsync(Path.Combine(playbooks, "follow-up.md"), markdown.Replace("\r\n", "\n", StringComparison.Ordinal));
        return playbooks;
    }

    private Task<long> StateScalarAsync(string sql) => TestPipeline.StateScalar(_folder.File("state.db"), sql);

    private async Task<string> StateTextAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_folder.File("state.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static Task<long> ScalarLongAsync(TestConnector connector, string sql) => TestPipeline.StateScalar(connector.Crm.Location, sql);

    private static async Task<string> ScalarTextAsync(TestConnector connector, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={connector.Crm.Location};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
