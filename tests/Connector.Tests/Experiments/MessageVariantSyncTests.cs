using System.CommandLine;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Cli;
using CrmSuite.Connector.Tests.Cli;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.PlaybookEngine.Experiments;

namespace CrmSuite.Connector.Tests.Experiments;

/// <summary>A task with message variants run by real syncs over the embedded CRM, and the per-variant report of <c>crmsuite metrics --experiments</c>.</summary>
public sealed class MessageVariantSyncTests : IDisposable
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
        experiment: welcome-msg
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
          - variant named: Welcome call with {{ account.name }}

        ### Transitions

        - on outcome done -> Done

        ## Done (final)
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Each_account_s_task_carries_the_text_of_its_variant_in_the_crm_and_the_variant_is_recorded_once()
    {
        var (crm, state) = await SeedAndSyncTwice();

        var tasks = await Rows(state, crm, "SELECT t.account_id, t.subject, a.name FROM crm.tasks t JOIN crm.accounts a ON a.id = t.account_id WHERE t.playbook_id = 'welcome-call'");
        Assert.True(tasks.Count > 50, $"every seeded account gets the welcome call; got {tasks.Count}");
        foreach (var (account, subject, name) in tasks)
        {
            var pick = ExperimentAssignment.Variant(account, "welcome-call", "welcome-msg", "Call/task/1", 2);
            Assert.Equal(pick == 0 ? "Welcome call" : $"Welcome call with {name}", subject);
        }

        Assert.Contains(tasks, t => t.Subject == "Welcome call");
        Assert.Contains(tasks, t => t.Subject != "Welcome call");
        Assert.Equal(tasks.Count, await Scalar(state, crm, "SELECT COUNT(*) FROM message_variants WHERE playbook_id = 'welcome-call' AND variant_set = 'Call/task/1'"));
        Assert.Equal(0, await Scalar(state, crm, """
            SELECT COUNT(*) FROM message_variants v JOIN crm.tasks t ON t.key = v.effect_key
            WHERE (v.variant = 'control') <> (t.subject = 'Welcome call')
            """));
        Assert.Equal(tasks.Count, await Scalar(state, crm, """
            SELECT COUNT(*) FROM outbox WHERE kind = 'task' AND payload LIKE '%"variant":{%"set":"Call/task/1"%'
            """));
    }

    [Fact]
    public async Task Metrics_experiments_reports_each_variant_of_the_set_in_json_and_csv()
    {
        var (crm, state) = await SeedAndSyncTwice();
        var control = await Scalar(state, crm, "SELECT COUNT(*) FROM message_variants WHERE variant = 'control'");
        var named = await Scalar(state, crm, "SELECT COUNT(*) FROM message_variants WHERE variant = 'named'");

        var json = await CliRunner.RunAsync("metrics", "--from", "2026-10-01", "--to", "2026-11-24", "--experiments", "--format", "json", "--crm-db", crm, "--state-db", state);
        var csv = await CliRunner.RunAsync("metrics", "--from", "2026-10-01", "--to", "2026-11-24", "--experiments", "--format", "csv", "--crm-db", crm, "--state-db", state);

        Assert.True(json.ExitCode == 0, json.Error);
        using var document = JsonDocument.Parse(json.Output);
        var experiment = Assert.Single(document.RootElement.GetProperty("experiments").EnumerateArray());
        var set = Assert.Single(experiment.GetProperty("variant_sets").EnumerateArray());
        Assert.Equal("Call/task/1", set.GetProperty("variant_set").GetString());
        var variants = set.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(["control", "named"], variants.Select(v => v.GetProperty("variant").GetString()));
        Assert.Equal([control, named], variants.Select(v => (long)v.GetProperty("accounts").GetInt32()));
        Assert.All(variants, v => Assert.False(string.IsNullOrEmpty(v.GetProperty("verdict").GetString())));

        Assert.True(csv.ExitCode == 0, csv.Error);
        var lines = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal(["variant_set", "variant", "variant_accounts"], header.Skip(Array.IndexOf(header, "variant_set")).Take(3));
        var namedRow = Assert.Single(lines, l => l.Contains(",Call/task/1,named,", StringComparison.Ordinal));
        Assert.StartsWith("welcome-call,welcome-msg,", namedRow, StringComparison.Ordinal);
        Assert.Contains($",Call/task/1,named,{named},", namedRow, StringComparison.Ordinal);
    }

    private async Task<(string Crm, string State)> SeedAndSyncTwice()
    {
        var crm = _folder.File("crm.db");
        var state = _folder.File("state.db");
        var playbooks = _folder.File("playbooks");
        Directory.CreateDirectory(playbooks);
        await File.WriteAllTextAsync(Path.Combine(playbooks, "welcome-call.md"), WelcomeCall);
        var root = new RootCommand { DemoCommand.Create(), SyncCommand.Create(b => b.Configuration["Connector:PlaybooksPath"] = playbooks) };
        Assert.Equal(ExitCodes.Ok, await root.Parse(["demo", "seed", "--accounts", "100", "--today", "2026-11-24", "--history-days", "0", "--crm-db", crm, "--state-db", state]).InvokeAsync());
        Assert.Equal(ExitCodes.Ok, await root.Parse(["sync", "--once", "--full", "--crm-db", crm, "--state-db", state]).InvokeAsync());
        Assert.Equal(ExitCodes.Ok, await root.Parse(["sync", "--once", "--full", "--crm-db", crm, "--state-db", state]).InvokeAsync());
        return (crm, state);
    }

    private static async Task<SqliteConnection> Open(string state, string crm)
    {
        var connection = new SqliteConnection($"Data Source={state};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var attach = connection.CreateCommand();
        attach.CommandText = $"ATTACH DATABASE '{crm.Replace("'", "''", StringComparison.Ordinal)}' AS crm";
        await attach.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<long> Scalar(string state, string crm, string sql)
    {
        await using var connection = await Open(state, crm);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<(string Account, string Subject, string Name)>> Rows(string state, string crm, string sql)
    {
        await using var connection = await Open(state, crm);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }
}
