using System.Security.Cryptography;
using System.Text.Json;
using CrmSuite.Connector.Tests.Cli;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Backtest;

/// <summary>
/// `crmsuite backtest` over a small hand-built history (docs/backtest.md): the weekly figures are known in advance, the
/// command line is refused with exit 2 naming what is wrong, broken playbooks exit 1 with positions, and nothing is written.
/// </summary>
public sealed class BacktestCommandTests : IDisposable
{
    // A seat watcher (a task when seats are 90% used, back when they fall) and a health watcher (a task when health < 40).
    private const string SeatCall = """
        ---
        kind: playbook
        id: seat-call
        title: Seat call
        version: 1
        status: approved
        owner: ops@crmsuite.example
        category: upgrade
        start: Watching
        ---

        # Seat call

        ## Watching

        ### Transitions
        - when `seat_utilization >= 90%` -> Calling

        ## Calling

        ### Tasks

        - Call {{ account.name }} about seats
          - due: 3 days
          - owner: csm
          - priority: normal
          - purpose: upgrade
          - outcomes: reached, no_answer

        ### Transitions
        - when `seat_utilization < 90%` -> Watching
        """;

    private const string HealthCall = """
        ---
        kind: playbook
        id: health-call
        title: Health call
        version: 1
        status: approved
        owner: ops@crmsuite.example
        category: rescue
        start: Watching
        ---

        # Health call

        ## Watching

        ### Transitions
        - when `health < 40` -> Rescue

        ## Rescue

        ### Tasks

        - Rescue {{ account.name }}
          - due: 2 days
          - owner: csm
          - priority: high
          - purpose: help
          - outcomes: reached, no_answer

        ### Transitions
        - when `health >= 40` -> Watching
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Crm => _folder.File("crm.db");

    private string State => _folder.File("state.db");

    [Fact]
    public async Task Each_week_counts_the_tasks_the_history_would_have_opened_per_csm_against_the_capacity_and_the_accounts_in_two_plays()
    {
        await ImportHistoryAsync();
        var folder = Playbooks("a", SeatCall, HealthCall);

        var result = await CliRunner.RunInAsync(CliRunner.RepositoryRoot, new Dictionary<string, string> { ["CRMSUITE_Workbench__CsmWeeklyCapacity"] = "2" },
            "backtest", folder, "--from", "2026-03-02", "--to", "2026-03-29", "--format", "json", "--crm-db", Crm, "--state-db", State);

        Assert.True(result.ExitCode == 0, result.Error);
        var run = JsonDocument.Parse(result.Output).RootElement.GetProperty("runs")[0];
        var weeks = run.GetProperty("weeks").EnumerateArray().ToList();
        Assert.Equal(["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"], weeks.Select(w => w.GetProperty("week_start").GetString()));
        // A0000001 reaches 90% of its seats on 03-09 and again on 03-23, and its health falls under 40 on 03-23;
        // A0000002 reaches 90% on 03-23. Both belong to U0001.
        Assert.Equal([0, 1, 0, 3], weeks.Select(w => w.GetProperty("tasks_opened").GetInt32()));
        Assert.Equal([0, 0, 0, 1], weeks.Select(w => w.GetProperty("csms_over_capacity").GetInt32()));
        Assert.Equal([0, 0, 0, 1], weeks.Select(w => w.GetProperty("accounts_in_two_plays").GetInt32()));
        Assert.Equal(3, weeks[3].GetProperty("csms")[0].GetProperty("tasks_opened").GetInt32());
    }

    [Fact]
    public async Task With_deferral_the_backtest_shows_per_week_and_csm_the_tasks_assigned_and_deferred_and_lets_rescue_help_bypass()
    {
        await ImportHistoryAsync();
        var settings = new Dictionary<string, string> { ["CRMSUITE_Routing__Mode"] = "Defer", ["CRMSUITE_Routing__Capacities__U0001"] = "1" };

        var result = await CliRunner.RunInAsync(CliRunner.RepositoryRoot, settings,
            "backtest", Playbooks("a", SeatCall, HealthCall), "--from", "2026-03-02", "--to", "2026-03-29", "--format", "routing-csv", "--crm-db", Crm, "--state-db", State);

        Assert.True(result.ExitCode == 0, result.Error);
        var rows = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("week_start,run,folder,routing,user_id,tasks_opened,assigned,pooled,deferred,load,capacity", rows[0]);
        // 03-23: the health call (rescue help) takes U0001's one slot regardless; the two seat calls are held past the window.
        Assert.Equal(["2026-03-09,U0001,1,1,0,0,1,1", "2026-03-23,U0001,3,1,0,2,1,1"],
            rows.Skip(1).Select(r => r.Split(',')).Select(c => string.Join(',', c[0], c[4], c[5], c[6], c[7], c[8], c[9], c[10])));
    }

    [Fact]
    public async Task With_a_pool_the_backtest_shows_the_tasks_given_to_each_member_against_their_capacity()
    {
        await ImportHistoryAsync();
        var settings = new Dictionary<string, string>
        {
            ["CRMSUITE_Routing__Mode"] = "Pool", ["CRMSUITE_Routing__WeeklyCapacity"] = "2", ["CRMSUITE_Routing__Capacities__U0001"] = "1",
            ["CRMSUITE_Routing__Pool__0"] = "U0009",
        };

        var result = await CliRunner.RunInAsync(CliRunner.RepositoryRoot, settings,
            "backtest", Playbooks("a", SeatCall, HealthCall), "--from", "2026-03-02", "--to", "2026-03-29", "--format", "json", "--crm-db", Crm, "--state-db", State);

        Assert.True(result.ExitCode == 0, result.Error);
        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("pool", root.GetProperty("routing").GetString());
        var week = root.GetProperty("runs")[0].GetProperty("weeks")[3];
        Assert.Equal((1, 2, 0), (week.GetProperty("tasks_assigned").GetInt32(), week.GetProperty("tasks_pooled").GetInt32(), week.GetProperty("tasks_deferred").GetInt32()));
        var users = week.GetProperty("csms").EnumerateArray().ToDictionary(c => c.GetProperty("csm_id").GetString()!);
        Assert.Equal((3, 1, 2, 1), (users["U0001"].GetProperty("tasks_opened").GetInt32(), users["U0001"].GetProperty("assigned").GetInt32(),
            users["U0001"].GetProperty("pooled").GetInt32(), users["U0001"].GetProperty("load").GetInt32()));
        Assert.Equal((0, 2, 2), (users["U0009"].GetProperty("tasks_opened").GetInt32(), users["U0009"].GetProperty("load").GetInt32(),
            users["U0009"].GetProperty("capacity").GetInt32()));
    }

    [Fact]
    public async Task The_contact_policy_beside_the_playbooks_gives_the_slot_to_the_higher_priority_and_reports_the_other_play_suppressed_per_account()
    {
        await ImportHistoryAsync();
        // Two seat plays want A0000001 on 03-09; one touch per 30 days lets only the priority-50 play open its task. On 03-23
        // both want A0000001 again (its 03-09 task still fills the window: both refused) and A0000002 (the priority-50 play wins).
        var high = SeatCall.Replace("id: seat-call\n", "id: seat-call\npriority: 50\n", StringComparison.Ordinal);
        var low = SeatCall.Replace("id: seat-call\n", "id: seat-low\npriority: 10\n", StringComparison.Ordinal);
        var folder = Playbooks("policy", high, low);
        File.WriteAllText(Path.Combine(folder, "contact-policy.md"), "---\nkind: contact-policy\nper_account: 1 touch per 30 days\n---\n\n# Contact policy\n");

        var result = await CliRunner.RunAsync("backtest", folder, "--compare", Playbooks("nopolicy", high, low),
            "--from", "2026-03-02", "--to", "2026-03-29", "--format", "json", "--crm-db", Crm, "--state-db", State);

        Assert.True(result.ExitCode == 0, result.Error);
        var runs = JsonDocument.Parse(result.Output).RootElement.GetProperty("runs");
        var policed = runs[0].GetProperty("weeks").EnumerateArray().ToList();
        Assert.Equal([0, 1, 0, 1], policed.Select(w => w.GetProperty("tasks_opened").GetInt32()));
        Assert.Equal([0, 1, 0, 3], policed.Select(w => w.GetProperty("suppressed").GetProperty("per_account").GetInt32()));
        Assert.All(policed, w => Assert.Equal(0, w.GetProperty("suppressed").GetProperty("per_contact").GetInt32()));
        // Without the policy both plays open a task that week and nothing is suppressed.
        var free = runs[1].GetProperty("weeks").EnumerateArray().ToList();
        Assert.Equal([0, 2, 0, 4], free.Select(w => w.GetProperty("tasks_opened").GetInt32()));
        Assert.All(free, w => Assert.Equal(0, w.GetProperty("suppressed").GetProperty("per_account").GetInt32()));
    }

    [Fact]
    public async Task Compare_reports_the_second_folder_beside_the_first_over_the_same_history()
    {
        await ImportHistoryAsync();

        var result = await CliRunner.RunAsync("backtest", Playbooks("a", SeatCall, HealthCall), "--compare", Playbooks("b", SeatCall),
            "--from", "2026-03-02", "--to", "2026-03-29", "--format", "csv", "--crm-db", Crm, "--state-db", State);

        Assert.True(result.ExitCode == 0, result.Error);
        var rows = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("week_start,run,folder,tasks_opened,", rows[0], StringComparison.Ordinal);
        Assert.Contains(rows, r => r.StartsWith("2026-03-23,A,", StringComparison.Ordinal) && r.Split(',')[3] == "3");
        Assert.Contains(rows, r => r.StartsWith("2026-03-23,B,", StringComparison.Ordinal) && r.Split(',')[3] == "2");
    }

    [Fact]
    public async Task A_backtest_writes_nothing_the_database_files_keep_their_bytes()
    {
        await ImportHistoryAsync();
        var before = Digest(Crm);

        var result = await CliRunner.RunAsync("backtest", Playbooks("a", SeatCall), "--from", "2026-03-02", "--to", "2026-03-29",
            "--crm-db", Crm, "--state-db", State);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(before, Digest(Crm));
        Assert.False(File.Exists(State), "no state store is created");
    }

    [Fact]
    public async Task The_warm_up_replays_the_days_before_the_window_so_its_first_week_counts_no_task_opened_earlier()
    {
        await ImportHistoryAsync();
        var folder = Playbooks("a", SeatCall);

        // A0000001 has used 90% of its seats since 03-09: a replay starting on 03-10 opens its task on the first day.
        var cold = await CliRunner.RunAsync("backtest", folder, "--from", "2026-03-10", "--to", "2026-03-15", "--warm-up", "0", "--format", "json",
            "--crm-db", Crm, "--state-db", State);
        var warm = await CliRunner.RunAsync("backtest", folder, "--from", "2026-03-10", "--to", "2026-03-15", "--format", "table",
            "--crm-db", Crm, "--state-db", State);
        var warmJson = await CliRunner.RunAsync("backtest", folder, "--from", "2026-03-10", "--to", "2026-03-15", "--format", "json",
            "--crm-db", Crm, "--state-db", State);

        Assert.True(cold.ExitCode == 0 && warm.ExitCode == 0 && warmJson.ExitCode == 0, cold.Error + warm.Error + warmJson.Error);
        Assert.Equal(1, TasksOpened(cold.Output));
        Assert.Equal(0, JsonDocument.Parse(cold.Output).RootElement.GetProperty("warm_up_days").GetInt32());
        Assert.Equal(0, TasksOpened(warmJson.Output));
        Assert.Equal(90, JsonDocument.Parse(warmJson.Output).RootElement.GetProperty("warm_up_days").GetInt32());
        Assert.Contains("Warm-up: 90 days (2025-12-10 .. 2026-03-09) replayed before the window and not counted", warm.Output, StringComparison.Ordinal);

        static int TasksOpened(string json) =>
            JsonDocument.Parse(json).RootElement.GetProperty("runs")[0].GetProperty("weeks").EnumerateArray().Sum(w => w.GetProperty("tasks_opened").GetInt32());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("400")]
    public async Task A_warm_up_outside_0_to_365_days_exits_2_naming_it(string days)
    {
        var result = await CliRunner.RunAsync("backtest", Playbooks("a", SeatCall), "--from", "2026-03-02", "--to", "2026-03-29", "--warm-up", days,
            "--crm-db", Crm, "--state-db", State);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--warm-up: expected 0 to 365 days, got {days}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backtest_that_fails_while_replaying_prints_one_error_line_and_exits_3()
    {
        await ImportHistoryAsync();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Crm};Pooling=False"))
        {
            connection.Open();
            using var corrupt = connection.CreateCommand();
            corrupt.CommandText = "UPDATE subscriptions SET mrr = 'not a number' WHERE id = 'A0000002-S1'";
            Assert.Equal(1, corrupt.ExecuteNonQuery());
        }

        var result = await CliRunner.RunAsync("backtest", Playbooks("a", SeatCall), "--from", "2026-03-02", "--to", "2026-03-29",
            "--crm-db", Crm, "--state-db", State);

        Assert.Equal(3, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("crmsuite backtest: the backtest failed: FormatException: ", line, StringComparison.Ordinal);
        Assert.EndsWith("; nothing was written", line.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("2026-3-02", "2026-03-29", "--from: expected a date yyyy-MM-dd, got '2026-3-02'")]
    [InlineData("2026-03-02", "tomorrow", "--to: expected a date yyyy-MM-dd, got 'tomorrow'")]
    [InlineData("2026-04-01", "2026-03-01", "--from 2026-04-01 is after --to 2026-03-01")]
    public async Task Bad_dates_exit_2_naming_them(string from, string to, string message)
    {
        var result = await CliRunner.RunAsync("backtest", Playbooks("a", SeatCall), "--from", from, "--to", to, "--crm-db", Crm, "--state-db", State);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Crm));
    }

    [Fact]
    public async Task An_unknown_folder_exits_2_naming_it()
    {
        var missing = _folder.File("nowhere");

        var result = await CliRunner.RunAsync("backtest", Playbooks("a", SeatCall), "--compare", missing, "--from", "2026-03-02", "--to", "2026-03-29",
            "--crm-db", Crm, "--state-db", State);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"no such playbook folder: {missing}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_playbooks_exit_1_with_their_positions()
    {
        var folder = Playbooks("bad", SeatCall.Replace("-> Calling", "-> Caling", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync("backtest", folder, "--from", "2026-03-02", "--to", "2026-03-29", "--crm-db", Crm, "--state-db", State);

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"seat-call\.md:\d+:\d+: error ", result.Error);
        Assert.False(File.Exists(Crm));
    }

    private async Task ImportHistoryAsync()
    {
        var accounts = _folder.Write("accounts.csv", """
            id,name,segment,industry,lifecycle_stage,csm_id
            A0000001,Northwind,smb,software,adoption,U0001
            A0000002,Contoso,smb,retail,adoption,U0001
            """);
        var subscriptions = _folder.Write("subscriptions.csv", """
            id,account_id,tier,seats,seats_used,billing_period,term_months,start_date,renewal_date,mrr,currency
            A0000001-S1,A0000001,professional,10,5,annual,12,2025-01-01,2027-01-01,382.50,USD
            A0000002-S1,A0000002,professional,10,5,annual,12,2025-01-01,2027-01-01,382.50,USD
            """);
        var history = _folder.Write("usage-history.csv", """
            account_id,as_of,active_users_30d,feature_adoption,health,seats_used
            A0000001,2026-03-02,5,0.5,70,5
            A0000001,2026-03-09,9,0.5,70,9
            A0000001,2026-03-16,5,0.5,70,5
            A0000001,2026-03-23,10,0.5,35,10
            A0000002,2026-03-02,5,0.5,70,5
            A0000002,2026-03-23,9,0.5,70,9
            """);
        var result = await CliRunner.RunAsync("import", "--accounts", accounts, "--subscriptions", subscriptions, "--usage-history", history, "--crm-db", Crm);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Contains("6 usage history rows", result.Output, StringComparison.Ordinal);
    }

    private string Playbooks(string name, params string[] playbooks)
    {
        var folder = _folder.File(name);
        Directory.CreateDirectory(folder);
        foreach (var text in playbooks)
        {
            var id = text.Split('\n').First(l => l.TrimStart().StartsWith("id: ", StringComparison.Ordinal)).Trim()[4..];
            File.WriteAllText(Path.Combine(folder, id + ".md"), text.Replace("\r\n", "\n", StringComparison.Ordinal));
        }

        return folder;
    }

    private static string Digest(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
