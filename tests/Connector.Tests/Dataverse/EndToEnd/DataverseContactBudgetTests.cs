using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Cli;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.DataverseEmulator;
using CrmSuite.DataverseEmulator.Store;
using Organisation = CrmSuite.DataverseEmulator.DataverseEmulator;

namespace CrmSuite.Connector.Tests.Dataverse.EndToEnd;

/// <summary>
/// The contact policy across days on Dataverse (issue 20, item 3): an upgrade task a play opened on an earlier day, read
/// back from Dataverse's <c>task</c> rows, counts against the account's budget, so a second play wanting a task the next
/// day is suppressed for it, as on the embedded CRM.
/// </summary>
public sealed class DataverseContactBudgetTests : IAsyncLifetime
{
    private const string Policy = """
        ---
        kind: contact-policy
        per_account: 1 touch per 30 days
        ---

        # Contact policy
        """;

    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private Organisation? _emulator;

    private Organisation Dv => _emulator ?? throw new InvalidOperationException("The emulator starts in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _emulator = await Organisation.StartAsync(new EmulatorOptions { Time = _time });
        await CrmSuiteSchema.DeployAsync(_emulator);
    }

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>An upgrade play whose only touch is a CSM's task with <c>purpose: upgrade</c> (no proposal), entered when <paramref name="when"/> holds.</summary>
    private static string Play(string id, int priority, string when) => """
        ---
        id: PLAY_ID
        title: Task play PLAY_ID
        version: 1
        status: approved
        owner: tests@crmsuite.example
        category: upgrade
        priority: PLAY_PRIORITY
        start: Watching
        guardrails:
          exclude_churn_risk: true
        ---

        # Task play

        ## Watching

        ### Transitions

        - when `PLAY_WHEN` -> Offer

        ## Offer

        ### Tasks

        - Talk to {{ account.name }} about the PLAY_ID upgrade
          - due: 5 days
          - purpose: upgrade
          - outcomes: accepted, declined

        ### Transitions

        - on outcome accepted -> Done
        - on outcome declined -> Done

        ## Done (final)

        Finished.
        """.Replace("PLAY_ID", id, StringComparison.Ordinal)
        .Replace("PLAY_PRIORITY", priority.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("PLAY_WHEN", when, StringComparison.Ordinal);

    private string WritePlaybooks()
    {
        var path = Path.Combine(_folder.Path, "task-budget-playbooks");
        Directory.CreateDirectory(path);
        foreach (var file in new[] { "pricebook.md", "offers.md" })
        {
            File.Copy(Path.Combine(CliRunner.RepositoryRoot, "playbooks", file), Path.Combine(path, file));
        }

        File.WriteAllText(Path.Combine(path, "contact-policy.md"), Policy);
        // The first play wants every healthy account today; the second only once health reaches 90, which happens tomorrow.
        File.WriteAllText(Path.Combine(path, "task-first.md"), Play("task-first", 20, "health >= 0"));
        File.WriteAllText(Path.Combine(path, "task-second.md"), Play("task-second", 80, "health >= 90"));
        return path;
    }

    [Fact]
    public async Task An_upgrade_task_opened_yesterday_suppresses_a_second_plays_task_today_under_one_touch_per_account_per_30_days()
    {
        CrmSuiteAccounts.Seed(Dv, 2, _ => 5);
        await using var connector = new DataverseConnector(Dv, _folder, _time, playbooksPath: WritePlaybooks());
        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);
        Assert.Equal(2, TasksOf("task-first"));
        Assert.Equal(0, TasksOf("task-second"));

        // Tomorrow account 1 is healthy enough for the second play; account 2 does not change.
        _time.Advance(TimeSpan.FromDays(1));
        var usage = Dv.Rows("cs_usage").Single(r => r["cs_accountid"] is EntityReference a && a.Id == CrmSuiteAccounts.AccountId(1));
        Dv.Change("cs_usage", (Guid)usage["cs_usageid"]!, new Dictionary<string, object?> { ["cs_health"] = 95 });
        await connector.Cycle.RunAsync(SyncMode.Incremental, CancellationToken.None);

        // The second play, though it outranks the first, finds the account's budget spent by yesterday's task: no task,
        // a suppressed touch with the per_account rule, and the play stays where it was.
        Assert.Equal(0, TasksOf("task-second"));
        Assert.Equal(2, TasksOf("task-first"));
        var account = CrmSuiteAccounts.AccountId(1).ToString("D");
        Assert.Equal(1L, await ScalarAsync(
            "SELECT COUNT(*) FROM audit_log WHERE kind = 'suppressed' AND guardrail = 'per_account' AND playbook_id = 'task-second' AND account_id = $account", account));
        Assert.Equal("Watching", await ScalarAsync("SELECT state FROM instances WHERE playbook_id = 'task-second' AND account_id = $account", account));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE kind = 'suppressed' AND playbook_id = 'task-first'", account));
    }

    private int TasksOf(string playbook) => Dv.Rows("task").Count(r => (string?)r["cs_playbook"] == playbook);

    private async Task<object?> ScalarAsync(string sql, string account)
    {
        await using var connection = new SqliteConnection($"Data Source={_folder.File("state.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$account", account);
        return await command.ExecuteScalarAsync();
    }
}
