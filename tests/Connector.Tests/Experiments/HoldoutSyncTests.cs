using System.CommandLine;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Cli;
using CrmSuite.Connector.Tests.Cli;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Experiments;

/// <summary>A playbook with <c>holdout:</c> run by real syncs over the embedded CRM: the held-out accounts never hear from it.</summary>
public sealed class HoldoutSyncTests : IDisposable
{
    private const string WelcomeCall = """
        ---
        id: welcome-call
        title: Welcome call
        version: 1
        status: approved
        owner: tests
        category: adoption
        priority: 10
        start: Watching
        holdout: 50%
        experiment: welcome-2026
        ---

        ## Watching

        ### Transitions

        - when `health >= 0` -> Call

        ## Call

        ### Tasks

        - Welcome call
          - due: 3 days
          - purpose: help
          - outcomes: done

        ### Transitions

        - on outcome done -> Done

        ## Done (final)
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_held_out_account_never_gets_a_task_through_real_syncs_while_every_treated_account_does()
    {
        var crm = _folder.File("crm.db");
        var state = _folder.File("state.db");
        var playbooks = _folder.File("playbooks");
        Directory.CreateDirectory(playbooks);
        await File.WriteAllTextAsync(Path.Combine(playbooks, "welcome-call.md"), WelcomeCall);
        var root = new RootCommand
        {
            DemoCommand.Create(),
            SyncCommand.Create(b => b.Configuration["Connector:PlaybooksPath"] = playbooks),
        };
        Assert.Equal(ExitCodes.Ok, await root.Parse(["demo", "seed", "--accounts", "200", "--today", "2026-11-24", "--history-days", "0", "--crm-db", crm, "--state-db", state]).InvokeAsync());

        Assert.Equal(ExitCodes.Ok, await root.Parse(["sync", "--once", "--full", "--crm-db", crm, "--state-db", state]).InvokeAsync());
        Assert.Equal(ExitCodes.Ok, await root.Parse(["sync", "--once", "--full", "--crm-db", crm, "--state-db", state]).InvokeAsync());

        var heldOut = await Scalar(state, crm, "SELECT COUNT(*) FROM instances WHERE playbook_id = 'welcome-call' AND held_out = 1 AND experiment = 'welcome-2026'");
        var treated = await Scalar(state, crm, "SELECT COUNT(*) FROM instances WHERE playbook_id = 'welcome-call' AND held_out = 0 AND experiment = 'welcome-2026'");
        Assert.InRange(heldOut, 60, 140);
        Assert.InRange(treated, 60, 140);
        Assert.Equal(0, await Scalar(state, crm, """
            SELECT COUNT(*) FROM crm.tasks t JOIN instances i ON i.account_id = t.account_id AND i.playbook_id = t.playbook_id WHERE i.held_out = 1
            """));
        Assert.Equal(0, await Scalar(state, crm, "SELECT COUNT(*) FROM outbox o JOIN instances i ON i.account_id = o.account_id WHERE i.held_out = 1"));
        Assert.Equal(treated, await Scalar(state, crm, """
            SELECT COUNT(DISTINCT t.account_id) FROM crm.tasks t JOIN instances i ON i.account_id = t.account_id AND i.playbook_id = t.playbook_id WHERE i.held_out = 0
            """));
        Assert.Equal(heldOut, await Scalar(state, crm, "SELECT COUNT(*) FROM audit_log WHERE kind = 'held_out' AND playbook_id = 'welcome-call'"));
    }

    [Fact]
    public async Task Status_counts_each_experiments_held_out_and_treated_instances()
    {
        var crm = _folder.File("crm.db");
        var state = _folder.File("state.db");
        var playbooks = _folder.File("playbooks");
        Directory.CreateDirectory(playbooks);
        await File.WriteAllTextAsync(Path.Combine(playbooks, "welcome-call.md"), WelcomeCall);
        var root = new RootCommand { DemoCommand.Create(), SyncCommand.Create(b => b.Configuration["Connector:PlaybooksPath"] = playbooks) };
        Assert.Equal(ExitCodes.Ok, await root.Parse(["demo", "seed", "--accounts", "50", "--today", "2026-11-24", "--history-days", "0", "--crm-db", crm, "--state-db", state]).InvokeAsync());
        Assert.Equal(ExitCodes.Ok, await root.Parse(["sync", "--once", "--full", "--crm-db", crm, "--state-db", state]).InvokeAsync());
        var heldOut = await Scalar(state, crm, "SELECT COUNT(*) FROM instances WHERE held_out = 1");
        var treated = await Scalar(state, crm, "SELECT COUNT(*) FROM instances WHERE held_out = 0");

        var status = await CliRunner.RunAsync("status", "--state-db", state);

        Assert.Equal(0, status.ExitCode);
        Assert.Contains($"welcome-call / welcome-2026: {heldOut} held out, {treated} treated", status.Output, StringComparison.Ordinal);
    }

    private static async Task<long> Scalar(string state, string crm, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={state};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using (var attach = connection.CreateCommand())
        {
            attach.CommandText = $"ATTACH DATABASE '{crm.Replace("'", "''", StringComparison.Ordinal)}' AS crm";
            await attach.ExecuteNonQueryAsync();
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
