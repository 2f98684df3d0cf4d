using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Cli;

/// <summary>
/// The workbench verbs through the real process (docs/workbench.md): diff's exit codes and Markdown, preview and
/// sync --dry-run reading without writing, and a dry run's writes being the writes the following sync delivers.
/// </summary>
public sealed class WorkbenchCommandTests : IDisposable
{
    private static readonly string Playbooks = Path.Combine(CliRunner.RepositoryRoot, "playbooks");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Diff_of_a_reformatted_playbook_exits_0_and_of_a_changed_one_exits_1_with_the_condition_side_by_side()
    {
        var old = File.ReadAllText(Path.Combine(Playbooks, "usage-upgrade.md"));
        var oldPath = _folder.Write("old.md", old);
        var same = _folder.Write("same.md", old.Replace("### Transitions", "\n### Transitions\n", StringComparison.Ordinal));
        var changed = _folder.Write("new.md", old
            .Replace("version: 3", "version: 4", StringComparison.Ordinal)
            .Replace("seat_utilization_min_28d >= 90%", "seat_utilization_min_28d >= 85%", StringComparison.Ordinal));

        var none = await CliRunner.RunAsync("diff", oldPath, same, "--state-db", _folder.File("state.db"));
        var some = await CliRunner.RunAsync("diff", oldPath, changed, "--state-db", _folder.File("state.db"));

        Assert.Equal((0, ""), (none.ExitCode, none.Error));
        Assert.Contains("No semantic change", none.Output, StringComparison.Ordinal);
        Assert.Equal(1, some.ExitCode);
        Assert.Contains("| -> CheckIn | `seat_utilization_min_28d >= 90% and active_users_30d >= 5 and not churn_risk` | `seat_utilization_min_28d >= 85% and active_users_30d >= 5 and not churn_risk` |",
            some.Output, StringComparison.Ordinal);
        Assert.Contains("No state store", some.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("state.db")));
    }

    [Fact]
    public async Task Diff_of_an_invalid_playbook_exits_2_with_its_diagnostics_and_positions()
    {
        var old = _folder.Write("old.md", File.ReadAllText(Path.Combine(Playbooks, "usage-upgrade.md")));
        var broken = _folder.Write("broken.md", File.ReadAllText(old).Replace("-> CheckIn", "-> Chekin", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync("diff", old, broken);
        var missing = await CliRunner.RunAsync("diff", old, _folder.File("nowhere.md"));
        var usage = await CliRunner.RunAsync("diff", old);

        Assert.Equal(2, result.ExitCode);
        Assert.Matches($@"{Regex(broken)}:\d+:\d+: error PB011: unknown state `Chekin`", result.Error);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such file or folder", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, usage.ExitCode);
    }

    [Fact]
    public async Task Diff_counts_the_in_flight_instances_of_a_removed_state_and_says_migration_cannot_place_them()
    {
        var (crm, state) = await SeedAndSyncAsync(300);
        var inMonitoring = await TestPipeline.StateScalar(state, "SELECT COUNT(*) FROM instances WHERE playbook_id = 'churn-rescue' AND state = 'Monitoring'");
        var old = _folder.Write("old.md", File.ReadAllText(Path.Combine(Playbooks, "churn-rescue.md")));
        var text = File.ReadAllText(old);
        var renamed = _folder.Write("new.md", text.Replace("## Monitoring", "## Watching", StringComparison.Ordinal)
            .Replace("-> Monitoring", "-> Watching", StringComparison.Ordinal).Replace("start: Monitoring", "start: Watching", StringComparison.Ordinal)
            .Replace("version: 1", "version: 2", StringComparison.Ordinal));
        var crmBytes = Hash(crm);
        var stateBytes = Hash(state);

        var result = await CliRunner.RunAsync("diff", old, renamed, "--state-db", state);

        Assert.Equal(1, result.ExitCode);
        Assert.True(inMonitoring > 0);
        Assert.Contains($"| `Monitoring` → `Watching` | renamed (same transitions, tasks and proposals) | {inMonitoring} ({inMonitoring} on v1) | not placed: stay frozen on v1 in `Monitoring`",
            result.Output, StringComparison.Ordinal);
        Assert.Equal((crmBytes, stateBytes), (Hash(crm), Hash(state)));
    }

    [Fact]
    public async Task Diff_git_compares_a_revision_with_the_working_tree_and_a_file_not_in_the_revision_is_an_added_playbook()
    {
        var repo = Directory.CreateDirectory(_folder.File("repo")).FullName;
        Directory.CreateDirectory(Path.Combine(repo, "playbooks"));
        File.Copy(Path.Combine(Playbooks, "onboarding.md"), Path.Combine(repo, "playbooks", "onboarding.md"));
        await Git(repo, "init", "-q");
        await Git(repo, "add", ".");
        await Git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "first");
        File.Copy(Path.Combine(Playbooks, "tier-trial.md"), Path.Combine(repo, "playbooks", "tier-trial.md"));

        var result = await CliRunner.RunInAsync(repo, "diff", "--git", "HEAD", "playbooks");
        var unknown = await CliRunner.RunInAsync(repo, "diff", "--git", "no-such-rev");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("## Playbook `tier-trial` (playbooks/tier-trial.md): added (v2, approved)", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("`onboarding`", result.Output, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown git revision `no-such-rev`", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_counts_matching_accounts_in_every_format_and_writes_nothing()
    {
        var (crm, state) = await SeedAsync(300);
        var crmBytes = Hash(crm);
        var files = Directory.GetFiles(_folder.Path).Order(StringComparer.Ordinal).ToList();

        var table = await CliRunner.RunAsync("preview", Path.Combine(Playbooks, "onboarding.md"), "--crm-db", crm, "--state-db", state, "--sample", "2");
        var csv = await CliRunner.RunAsync("preview", "playbooks", "--crm-db", crm, "--state-db", state, "--format", "csv", "--on", "2026-12-01");
        var json = await CliRunner.RunAsync("preview", "playbooks", "--crm-db", crm, "--state-db", state, "--format", "json");

        Assert.Equal((0, 0, 0), (table.ExitCode, csv.ExitCode, json.ExitCode));
        Assert.Contains("no state store", table.Output, StringComparison.Ordinal);
        Assert.Matches(@"onboarding v1: \d+ matching account\(s\)", table.Output);
        Assert.StartsWith("playbook,dimension,value,accounts", csv.Output, StringComparison.Ordinal);
        var parsed = JsonNode.Parse(json.Output)!;
        var matching = parsed["playbooks"]!.AsArray().Sum(p => p!["by_state"]!.AsObject().Sum(s => (long)s.Value!));
        Assert.Equal(matching, parsed["playbooks"]!.AsArray().Sum(p => (long)p!["accounts"]!));
        Assert.Equal(crmBytes, Hash(crm));
        Assert.Equal(files, Directory.GetFiles(_folder.Path).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Preview_counts_by_segment_and_csm_add_up_its_tasks_are_the_next_syncs_and_each_sampled_account_shows_its_facts()
    {
        var (crm, state) = await SeedAsync(300);

        var preview = await CliRunner.RunAsync("preview", "playbooks", "--crm-db", crm, "--state-db", state, "--format", "json", "--sample", "5");
        var dry = await CliRunner.RunAsync("sync", "--dry-run", "--format", "json", "--crm-db", crm, "--state-db", state);

        Assert.Equal((0, 0), (preview.ExitCode, dry.ExitCode));
        var parsed = JsonNode.Parse(preview.Output)!;
        var tasksBySync = JsonNode.Parse(dry.Output)!["writes"]!.AsArray()
            .Where(w => (string)w!["table"]! == "tasks")
            .GroupBy(w => (string)w!["write"]!["playbook_id"]!)
            .ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.NotEmpty(tasksBySync);
        foreach (var p in parsed["playbooks"]!.AsArray())
        {
            var id = (string)p!["id"]!;
            var accounts = (long)p["accounts"]!;
            Assert.Equal(accounts, Sum(p["by_segment"]));
            Assert.Equal(accounts, Sum(p["by_csm"]));
            Assert.True(Sum(p["tasks"]) == tasksBySync.GetValueOrDefault(id), $"{id}: preview {Sum(p["tasks"])} task(s), the next sync {tasksBySync.GetValueOrDefault(id)}");
        }

        var sample = parsed["sample"]!.AsArray();
        Assert.Equal(5, sample.Count);
        Assert.All(sample, s => Assert.All(s!["matches"]!.AsArray(), m => Assert.NotEmpty(m!["facts"]!.AsArray())));
    }

    [Theory]
    [InlineData("--on", "2026-13-01", "--on: expected a date yyyy-MM-dd")]
    [InlineData("--sample", "1001", "--sample must be between 0 and 1000")]
    public async Task Preview_with_a_bad_day_or_sample_size_exits_2_naming_the_option(string option, string value, string error)
    {
        var (crm, state) = await SeedAsync(20);

        var result = await CliRunner.RunAsync("preview", "playbooks", "--crm-db", crm, "--state-db", state, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(error, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_of_a_missing_crm_file_exits_2_and_creates_nothing()
    {
        var result = await CliRunner.RunAsync("preview", "playbooks", "--crm-db", _folder.File("none.db"), "--state-db", _folder.File("state.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no CRM data at", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task A_dry_run_writes_nothing_and_its_writes_are_what_the_following_sync_delivers_key_by_key()
    {
        var (crm, state) = await SeedAsync(300);
        var plan = _folder.File("plan.json");
        var crmBytes = Hash(crm);

        var dry = await CliRunner.RunAsync("sync", "--dry-run", "--format", "json", "--output", plan, "--crm-db", crm, "--state-db", state);
        var text = await CliRunner.RunAsync("sync", "--dry-run", "--crm-db", crm, "--state-db", state);

        Assert.Equal((0, 0), (dry.ExitCode, text.ExitCode));
        Assert.Equal(crmBytes, Hash(crm));
        Assert.False(File.Exists(state), "the dry run created the state store");
        Assert.Contains("Nothing is written.", text.Output, StringComparison.Ordinal);
        var planned = JsonNode.Parse(File.ReadAllText(plan))!["writes"]!.AsArray()
            .ToDictionary(w => (string)w!["key"]!, w => w!["write"]!);

        var sync = await CliRunner.RunAsync("sync", "--once", "--crm-db", crm, "--state-db", state);

        Assert.Equal(0, sync.ExitCode);
        var delivered = await OutboxAsync(state);
        Assert.NotEmpty(planned);
        Assert.Equal(planned.Keys.Order(StringComparer.Ordinal), delivered.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, write) in planned)
        {
            // The moment of the run (a task's created_at, a stage's entered_at) is the one thing two runs cannot share.
            Assert.True(JsonNode.DeepEquals(WithoutMoment(write), WithoutMoment(delivered[key])), $"{key}: {write.ToJsonString()} vs {delivered[key].ToJsonString()}");
        }
    }

    [Fact]
    public async Task A_dry_run_after_a_sync_records_no_run_moves_no_watermark_and_leaves_the_store_as_it_was()
    {
        var (crm, state) = await SeedAndSyncAsync(200);
        var before = (Hash(crm), Hash(state));

        var full = await CliRunner.RunAsync("sync", "--dry-run", "--full", "--crm-db", crm, "--state-db", state);

        Assert.Equal(0, full.ExitCode);
        Assert.Contains("Dry run of the next full sync from the start", full.Output, StringComparison.Ordinal);
        Assert.Equal(before, (Hash(crm), Hash(state)));
        Assert.Equal(1, await TestPipeline.StateScalar(state, "SELECT COUNT(*) FROM syncs"));
    }

    [Fact]
    public async Task Dry_run_and_once_together_are_a_usage_error()
    {
        var result = await CliRunner.RunAsync("sync", "--dry-run", "--once", "--crm-db", _folder.File("c.db"), "--state-db", _folder.File("s.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    private async Task<(string Crm, string State)> SeedAsync(int accounts)
    {
        var (crm, state) = (_folder.File("crm.db"), _folder.File("state.db"));
        var seed = await CliRunner.RunAsync("demo", "seed", "--accounts", accounts.ToString(System.Globalization.CultureInfo.InvariantCulture), "--today", "2026-11-24",
            "--history-days", "0", "--crm-db", crm, "--state-db", state);
        Assert.True(seed.ExitCode == 0, seed.Error);
        return (crm, state);
    }

    private async Task<(string Crm, string State)> SeedAndSyncAsync(int accounts)
    {
        var (crm, state) = await SeedAsync(accounts);
        var sync = await CliRunner.RunAsync("sync", "--once", "--crm-db", crm, "--state-db", state);
        Assert.True(sync.ExitCode == 0, sync.Error);
        return (crm, state);
    }

    private static async Task<Dictionary<string, JsonNode>> OutboxAsync(string state)
    {
        var rows = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        await using var connection = new SqliteConnection($"Data Source={state};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, payload FROM outbox WHERE delivered_at IS NOT NULL";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = JsonNode.Parse(reader.GetString(1))!;
        }

        return rows;
    }

    private static JsonNode WithoutMoment(JsonNode write)
    {
        var copy = write.DeepClone().AsObject();
        copy.Remove("created_at");
        copy.Remove("entered_at");
        return copy;
    }

    private static long Sum(JsonNode? counts) => counts is null ? 0 : counts.AsObject().Sum(c => (long)c.Value!);

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static string Regex(string path) => System.Text.RegularExpressions.Regex.Escape(path);

    private static async Task Git(string folder, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
    }
}
