using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Sync;

/// <summary>Tasks belong to the state that opened them: leaving the state closes those still open, with the reason.</summary>
public sealed class SupersededTaskTests : IDisposable
{
    private const string Playbook = """
        ---
        id: follow-up
        title: Follow-up
        version: 1
        status: approved
        owner: tests@crmsuite.example
        category: adoption
        priority: 10
        start: Watching
        ---

        # Follow-up

        ## Watching

        ### Transitions

        - when `health >= 0` -> Call

        ## Call

        ### Tasks

        - Call {{ account.name }}
          - due: 2 days
          - owner: csm
          - priority: high
          - outcomes: reached, no_answer

        ### Transitions

        - on outcome reached -> Done
        - after 3 days -> Escalate

        ## Escalate

        ### Tasks

        - Ask the manager to call {{ account.name }}
          - due: 1 day
          - owner: csm
          - priority: urgent
          - outcomes: reached

        ### Transitions

        - on outcome reached -> Done

        ## Done (final)

        Finished.
        """;

    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Leaving_a_state_by_a_time_trigger_supersedes_its_open_task_with_the_reason()
    {
        await using var connector = await StartAsync();

        _time.Advance(TimeSpan.FromDays(4));
        await connector.Cycle.RunAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal("superseded", await TaskStatusAsync(connector, "Call"));
        Assert.Equal("open", await TaskStatusAsync(connector, "Escalate"));
        Assert.StartsWith("superseded: Call -> Escalate", await ScalarTextAsync(connector, "SELECT closed_reason FROM tasks WHERE state = 'Call'"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_completed_task_is_not_superseded_and_the_next_state_s_task_stays_open()
    {
        await using var connector = await StartAsync();
        _time.Advance(TimeSpan.FromDays(4));
        await connector.Cycle.RunAsync(SyncMode.Full, CancellationToken.None);
        var key = await ScalarTextAsync(connector, "SELECT key FROM tasks WHERE state = 'Escalate'");

        var result = await connector.Cycle.CompleteTaskAsync(key, "reached", CancellationToken.None);

        Assert.Equal("Done", Assert.Single(result.Processed).NewState);
        Assert.Equal("completed", await TaskStatusAsync(connector, "Escalate"));
        Assert.Equal("superseded", await TaskStatusAsync(connector, "Call"));
    }

    [Fact]
    public async Task A_superseded_task_can_no_longer_be_completed()
    {
        await using var connector = await StartAsync();
        var key = await ScalarTextAsync(connector, "SELECT key FROM tasks WHERE state = 'Call'");
        _time.Advance(TimeSpan.FromDays(4));
        await connector.Cycle.RunAsync(SyncMode.Full, CancellationToken.None);

        var result = await connector.Cycle.CompleteTaskAsync(key, "reached", CancellationToken.None);

        Assert.Equal(CrmSuite.Connector.Crm.TaskCompletionStatus.AlreadyCompleted, result.Completion.Status);
        Assert.Equal("open", await TaskStatusAsync(connector, "Escalate"));
    }

    private async Task<TestConnector> StartAsync()
    {
        var playbooks = Path.Combine(_folder.Path, "playbooks");
        Directory.CreateDirectory(playbooks);
        await File.WriteAllTextAsync(Path.Combine(playbooks, "follow-up.md"), Playbook.Replace("\r\n", "\n", StringComparison.Ordinal));
        var connector = new TestConnector(_folder, playbooks, _time);
        await TestCrm.WriteAsync(connector.Crm, AccountBuilder.Many(1));
        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);
        Assert.Equal("open", await TaskStatusAsync(connector, "Call"));
        return connector;
    }

    private static Task<string> TaskStatusAsync(TestConnector connector, string state) =>
        ScalarTextAsync(connector, $"SELECT status FROM tasks WHERE state = '{state}'");

    private static async Task<string> ScalarTextAsync(TestConnector connector, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={connector.Crm.Location};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
