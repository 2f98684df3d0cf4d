using System.Globalization;
using CrmSuite.Connector.Tests.Cli;
using CrmSuite.Connector.Tests.Support;
using Microsoft.Data.Sqlite;

namespace CrmSuite.Connector.Tests.Demo;

/// <summary>
/// `crmsuite demo seed` builds a history, run through the real process: months of simulated CSM and customer answers
/// played through the shipped playbooks, so a first run shows a living business (docs/data.md, "Demo history").
/// </summary>
public sealed class DemoHistoryTests : IDisposable
{
    private const string Today = "2026-11-30";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_same_seed_builds_the_same_history()
    {
        await Seed("a", 300, 60, seed: 5);
        await Seed("b", 300, 60, seed: 5);

        Assert.Equal(await TestCrm.DumpAsync(Crm("a")), await TestCrm.DumpAsync(Crm("b")));
        Assert.Equal(await StateDump("a"), await StateDump("b"));
    }

    [Fact]
    public async Task Another_seed_builds_another_history()
    {
        await Seed("a", 300, 60, seed: 5);
        await Seed("b", 300, 60, seed: 6);

        Assert.NotEqual(await StateDump("a"), await StateDump("b"));
    }

    [Fact]
    public async Task A_seeded_history_shows_open_proposals_trials_renewal_packets_and_accepted_upgrades_with_their_mrr()
    {
        await Seed("a", 1500, 120, seed: 42);

        Assert.True(await Count(Crm("a"), "SELECT COUNT(*) FROM proposals WHERE status = 'issued' AND expires_on >= $today") > 0, "open proposals");
        Assert.True(await Count(Crm("a"), "SELECT COUNT(*) FROM proposals WHERE status = 'declined' AND decline_reason IS NOT NULL") > 0, "declines");
        Assert.True(await Count(Crm("a"), "SELECT COUNT(*) FROM proposals WHERE status = 'expired'") > 0, "expired proposals");
        Assert.True(await Count(Crm("a"), "SELECT COUNT(*) FROM subscriptions WHERE trial_tier IS NOT NULL AND trial_end >= $today") > 0, "trials in progress");
        Assert.True(await Count(State("a"), "SELECT COUNT(*) FROM instances WHERE playbook_id = 'renewal-upgrade' AND state NOT IN ('Waiting', 'AwaitingRenewal')") > 0,
            "renewal conversations under way");
        var upgrades = await Count(State("a"), "SELECT COUNT(*) FROM mrr_ledger WHERE movement = 'expansion' AND proposal_key IS NOT NULL");
        Assert.True(upgrades > 0, "accepted upgrades in the ledger");
        Assert.Equal(await Count(Crm("a"), "SELECT COUNT(*) FROM license_changes WHERE CAST(mrr_after AS REAL) > CAST(mrr_before AS REAL)"), upgrades);
    }

    [Fact]
    public async Task Every_accepted_proposal_changed_its_license_exactly_as_its_terms_said()
    {
        await Seed("a", 1000, 120, seed: 42);

        await using var crm = await OpenAsync(Crm("a"));
        await using var command = crm.CreateCommand();
        command.CommandText = """
            SELECT p.key, json_extract(p.terms, '$.to_tier'), json_extract(p.terms, '$.to_seats'), c.to_tier, c.to_seats, c.effective_on, p.answered_on
            FROM proposals p JOIN license_changes c ON c.proposal_key = p.key
            WHERE json_extract(p.terms, '$.trial_days') = 0
            """;
        await using var reader = await command.ExecuteReaderAsync();
        var changes = 0;
        while (await reader.ReadAsync())
        {
            changes++;
            Assert.Equal(reader.GetString(1), reader.GetString(3));
            Assert.Equal(reader.GetInt32(2), reader.GetInt32(4));
            Assert.Equal(reader.GetString(6), reader.GetString(5));
        }

        Assert.True(changes > 0);
        Assert.Equal(await Count(Crm("a"), "SELECT COUNT(*) FROM license_changes"), await Count(Crm("a"), "SELECT COUNT(*) FROM proposals WHERE status = 'accepted'"));
    }

    [Fact]
    public async Task A_csm_s_day_after_the_history_is_of_a_realistic_size()
    {
        await Seed("a", 2000, 120, seed: 42);

        var busiest = await Count(Crm("a"), "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM tasks WHERE status = 'open' GROUP BY owner_id)");
        Assert.InRange(busiest, 5, 60);
        Assert.True(await Count(Crm("a"), "SELECT COUNT(*) FROM tasks WHERE status = 'completed' AND outcome IS NOT NULL") > 0);
        Assert.True(await Count(Crm("a"), "SELECT COUNT(*) FROM tasks WHERE status = 'superseded' AND closed_reason LIKE 'superseded: %'") > 0);
    }

    [Fact]
    public async Task The_history_s_events_are_applied_once_and_a_sync_after_it_does_not_apply_them_again()
    {
        await Seed("a", 500, 90, seed: 42);
        Assert.Equal(0, await Count(Crm("a"), "SELECT COUNT(*) FROM task_events WHERE processed_at IS NULL OR result IS NULL"));
        Assert.Equal(0, await Count(Crm("a"), "SELECT COUNT(*) FROM proposal_events WHERE processed_at IS NULL OR result IS NULL"));
        var taskEvents = await Count(Crm("a"), "SELECT MAX(id) FROM task_events");
        Assert.Equal(taskEvents, await Count(State("a"), "SELECT CAST(value AS INTEGER) FROM watermarks WHERE source = 'crm.task_events'"));
        var audit = await Count(State("a"), "SELECT COUNT(*) FROM audit_log WHERE triggered_by LIKE 'demo history: task %'");
        Assert.True(audit > 0);
        var proposalEvents = await Count(Crm("a"), "SELECT MAX(id) FROM proposal_events");

        var synced = await CliRunner.RunAsync("sync", "--once", "--crm-db", Crm("a"), "--state-db", State("a"));

        Assert.True(synced.ExitCode == 0, synced.Error);
        Assert.Equal(audit, await Count(State("a"), "SELECT COUNT(*) FROM audit_log WHERE triggered_by LIKE 'demo history: task %'"));
        Assert.Equal(taskEvents, await Count(State("a"), "SELECT CAST(value AS INTEGER) FROM watermarks WHERE source = 'crm.task_events'"));
        // The sync runs on the machine's clock, not the seed's --today: a proposal whose last valid day has passed since is
        // expired by it, a new event; no answer or outcome of the history comes back.
        Assert.Equal(0, await Count(Crm("a"), $"SELECT COUNT(*) FROM proposal_events WHERE id > {proposalEvents} AND kind <> 'expired'"));
    }

    [Fact]
    public async Task Seeding_again_replaces_the_state_store_with_the_new_history()
    {
        await Seed("a", 300, 60, seed: 5);
        await Seed("b", 200, 30, seed: 9);
        await Seed("a", 200, 30, seed: 9, folder: "a");

        Assert.Equal(await StateDump("b"), await StateDump("a"));
        Assert.False(File.Exists(State("a") + ".seeding"));
    }

    [Fact]
    public async Task Without_history_days_the_state_store_is_empty_and_the_first_sync_starts_from_nothing()
    {
        await Seed("a", 200, 30, seed: 5);
        await Seed("a", 200, 0, seed: 5);

        Assert.False(File.Exists(State("a")), "the history's state store is gone");
        Assert.Equal(0, await Count(Crm("a"), "SELECT COUNT(*) FROM tasks"));
        Assert.Equal(200, await Count(Crm("a"), "SELECT COUNT(*) FROM accounts"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("5000")]
    public async Task Out_of_range_history_days_are_refused_and_nothing_stored_changes(string days)
    {
        await Seed("a", 100, 30, seed: 5);
        var before = await TestCrm.DumpAsync(Crm("a"));
        var state = await StateDump("a");

        var result = await CliRunner.RunAsync("demo", "seed", "--accounts", "50", "--history-days", days, "--crm-db", Crm("a"), "--state-db", State("a"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--history-days must be between 0 and", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await TestCrm.DumpAsync(Crm("a")));
        Assert.Equal(state, await StateDump("a"));
    }

    private async Task Seed(string name, int accounts, int days, int seed, string? folder = null)
    {
        Directory.CreateDirectory(_folder.File(folder ?? name));
        var result = await CliRunner.RunAsync("demo", "seed", "--accounts", accounts.ToString(CultureInfo.InvariantCulture), "--seed",
            seed.ToString(CultureInfo.InvariantCulture), "--today", Today, "--history-days", days.ToString(CultureInfo.InvariantCulture),
            "--crm-db", Crm(name), "--state-db", State(name));
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
    }

    private string Crm(string name) => Path.Combine(_folder.File(name), "crm.db");

    private string State(string name) => Path.Combine(_folder.File(name), "state.db");

    // The state store's history: instances, audit trail and MRR ledger (the runs table records when the seed ran).
    private async Task<string> StateDump(string name)
    {
        await using var state = await OpenAsync(State(name));
        var dump = new System.Text.StringBuilder();
        foreach (var query in new[]
                 {
                     "SELECT * FROM instances ORDER BY account_id, playbook_id",
                     "SELECT at, triggered_by, account_id, playbook_id, kind, reason, effect_key FROM audit_log ORDER BY id",
                     "SELECT * FROM mrr_ledger ORDER BY id",
                     "SELECT * FROM mrr_snapshots ORDER BY 1",
                 })
        {
            await using var command = state.CreateCommand();
            command.CommandText = query;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    dump.Append(reader.IsDBNull(i) ? "NULL" : reader.GetValue(i)).Append('|');
                }

                dump.Append('\n');
            }
        }

        return dump.ToString();
    }

    private static async Task<long> Count(string path, string sql)
    {
        await using var connection = await OpenAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$today", Today);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    private static async Task<SqliteConnection> OpenAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        return connection;
    }
}
