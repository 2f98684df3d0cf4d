using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Tests.Routing;

/// <summary>
/// Capacity routing through a real sync on the embedded CRM and the SQLite store, with a fake clock (docs/routing.md). The
/// test pipeline starts on Tuesday 2026-11-24 09:00 UTC: the week of Monday 2026-11-23. Every account belongs to U0001 and
/// each opens one task due three days after the sync that opened it.
/// </summary>
public sealed class SyncRoutingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Dictionary<string, string?> Settings(string mode, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Routing:Mode"] = mode };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static IEnumerable<AccountBuilder> Triggering(int count) => AccountBuilder.Many(count).Select(a => a with { SeatsUsed = 10 });

    private static async Task<List<string>> CrmRowsAsync(TestPipeline t, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={CrmPath(t)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(' ', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : reader.GetValue(i).ToString())));
        }

        return rows;
    }

    private static string CrmPath(TestPipeline t) => t.Folder.File("crm.db");

    private static Task<long> HeldAsync(TestPipeline t) => t.StateScalarAsync("SELECT COUNT(*) FROM task_routing WHERE outcome = 'deferred'");

    [Fact]
    public async Task Beyond_capacity_the_higher_priority_tasks_are_written_and_the_rest_held_until_a_later_week_with_room()
    {
        await using var t = await TestPipeline.CreateAsync(_folder, settings: Settings("Defer", ("Routing:Capacities:U0001", "2")));
        t.Evaluator.PriorityOf = id => id == "A0005" ? TaskPriority.High : TaskPriority.Normal;
        await TestCrm.WriteAsync(t.Crm, Triggering(5));

        await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal(["A0001 2026-11-27", "A0005 2026-11-27"], await CrmRowsAsync(t, "SELECT account_id, due FROM tasks ORDER BY account_id"));
        Assert.Equal(3, await HeldAsync(t));

        // Sunday 23:59:59 is still the week of 2026-11-23: nothing is released.
        t.Time.SetUtcNow(new DateTimeOffset(2026, 11, 29, 23, 59, 59, TimeSpan.Zero));
        await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);
        Assert.Equal(2, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM tasks"));

        // Monday 00:00: a new week with two slots; the two held tasks first by key go, due moved one week.
        t.Time.Advance(TimeSpan.FromSeconds(1));
        await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);
        Assert.Equal(["A0002 2026-12-04 U0001", "A0003 2026-12-04 U0001"],
            await CrmRowsAsync(t, "SELECT account_id, due, owner_id FROM tasks WHERE account_id IN ('A0002', 'A0003', 'A0004') ORDER BY account_id"));
        Assert.Equal(1, await HeldAsync(t));
        var provenance = await CrmRowsAsync(t, "SELECT provenance FROM tasks WHERE account_id = 'A0002'");
        Assert.Contains("\"deferred\"", provenance[0], StringComparison.Ordinal);
        Assert.Contains("1 week(s): U0001 was at capacity (2 a week) in the week of 2026-11-23; due moved from 2026-11-27", provenance[0], StringComparison.Ordinal);

        // The week after, the last one goes, two weeks late.
        t.Time.Advance(TimeSpan.FromDays(7));
        await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);
        Assert.Equal(["A0004 2026-12-11"], await CrmRowsAsync(t, "SELECT account_id, due FROM tasks WHERE account_id = 'A0004'"));
        Assert.Equal(0, await HeldAsync(t));
        Assert.Equal(5, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM tasks"));
    }

    [Fact]
    public async Task Beyond_capacity_tasks_go_round_robin_to_the_pool_and_are_held_when_everyone_is_full()
    {
        await using var t = await TestPipeline.CreateAsync(_folder, settings: Settings("Pool",
            ("Routing:WeeklyCapacity", "2"), ("Routing:Capacities:U0001", "1"), ("Routing:Pool:0", "U0002"), ("Routing:Pool:1", "U0003")));
        await TestCrm.WriteAsync(t.Crm, Triggering(7));

        await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal(["A0001 U0001", "A0002 U0002", "A0003 U0003", "A0004 U0002", "A0005 U0003"],
            await CrmRowsAsync(t, "SELECT account_id, owner_id FROM tasks ORDER BY account_id"));
        var pooled = await CrmRowsAsync(t, "SELECT provenance FROM tasks WHERE account_id = 'A0002'");
        Assert.Contains("U0001 was at capacity (1 a week) in the week of 2026-11-23; given to U0002 (pool round-robin)", pooled[0], StringComparison.Ordinal);
        // Nothing dropped: the two the team had no room for are held, and counted per CSM.
        Assert.Equal(2, await HeldAsync(t));
        var routing = t.Host.GetRequiredService<ITaskRouting>();
        var held = await routing.CountHeldAsync(CancellationToken.None);
        Assert.Equal([new HeldCount("U0001", 2, new DateOnly(2026, 11, 23))], held);

        // crmsuite status and the work queue show them.
        var status = Connector.Cli.StatusCommand.Render("state.db", await t.StoreStatus.ReadStatusAsync(5, 20, CancellationToken.None), held: held);
        Assert.Contains("Tasks deferred beyond capacity: 2 held", status, StringComparison.Ordinal);
        Assert.Contains("  U0001: 2 held, the oldest since the week of 2026-11-23", status, StringComparison.Ordinal);
        await TestCrm.ExecuteAsync(t.Crm, """
            INSERT INTO users (id, name, email, role) VALUES
              ('U0001', 'Ana', 'ana@crmsuite.example', 'csm'), ('U0002', 'Ben', 'ben@crmsuite.example', 'csm'), ('U0003', 'Cy', 'cy@crmsuite.example', 'csm')
            """);
        var queue = new Connector.Web.WorkQueueReader(t.Crm, t.Crm, new PlaybookRuntime([]), routing, t.Time,
            t.Host.GetRequiredService<Microsoft.Extensions.Options.IOptions<SyncOptions>>());
        var csm = (await queue.ReadCsmsAsync(CancellationToken.None)).Single(c => c.Id == "U0001");
        Assert.Equal((1L, 2L), (csm.OpenTasks, csm.Deferred));
        var own = (await queue.ReadTasksAsync("U0001", CancellationToken.None))!;
        Assert.Equal(2L, own.Csm.Deferred);
        Assert.Equal(["A0001"], own.Tasks.Select(k => k.AccountId));
        // A pooled task is in the queue of the member who owns it, not of the account's CSM.
        var pool = (await queue.ReadTasksAsync("U0002", CancellationToken.None))!;
        Assert.Equal(["A0002", "A0004"], pool.Tasks.Select(k => k.AccountId).Order(StringComparer.Ordinal));
        Assert.Equal(2L, (await queue.ReadCsmsAsync(CancellationToken.None)).Single(c => c.Id == "U0002").OpenTasks);
    }

    [Fact]
    public async Task A_replayed_sync_counts_no_task_twice_and_writes_no_held_task()
    {
        await using var t = await TestPipeline.CreateAsync(_folder, settings: Settings("Defer", ("Routing:Capacities:U0001", "2")));
        await TestCrm.WriteAsync(t.Crm, Triggering(3));
        await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);

        // The same transitions fire again with the same keys (as after a lost commit of the instances).
        await using (var connection = new SqliteConnection($"Data Source={t.Folder.File("state.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM instances";
            await command.ExecuteNonQueryAsync();
        }

        await t.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal(2, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM tasks"));
        Assert.Equal(3, await t.StateScalarAsync("SELECT COUNT(*) FROM task_routing"));
        Assert.Equal(1, await HeldAsync(t));
    }

    [Fact]
    public async Task A_rescue_play_s_help_tasks_go_to_their_csm_beyond_capacity_and_count_toward_the_load()
    {
        await using var t = await TestPipeline.CreateAsync(_folder, settings: Settings("Defer", ("Routing:Capacities:U0001", "1")));
        t.Evaluator.RescueHelp = true;
        await TestCrm.WriteAsync(t.Crm, Triggering(3));

        await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal(3, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM tasks WHERE owner_id = 'U0001'"));
        Assert.Equal(0, await HeldAsync(t));
        Assert.Equal(3, await t.StateScalarAsync("SELECT COUNT(*) FROM task_routing WHERE outcome = 'assigned' AND week = '2026-11-23' AND owner_id = 'U0001'"));
    }

    [Fact]
    public async Task A_held_task_whose_state_is_left_before_a_week_has_room_is_superseded_not_written()
    {
        await using var t = await TestPipeline.CreateAsync(_folder, settings: Settings("Defer", ("Routing:Capacities:U0001", "1")));
        await TestCrm.WriteAsync(t.Crm, Triggering(2));
        await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);
        var stage = new Connector.Crm.CrmPlaybookStage("A0002_next", "A0002", SeatEvaluator.Playbook, 1, new Reason("need_confirmed", "done", "test", []),
            "done", 2, t.Time.GetUtcNow());

        await t.Store.CommitPageAsync(new PageCommit(1, t.Time.GetUtcNow(), "test", null, [], [], [OutboxRow.Of(stage)], [], [], [], [], [], default, []),
            CancellationToken.None);
        t.Time.Advance(TimeSpan.FromDays(7));
        await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal(["A0002_seat-expansion_1_task superseded"], await StateRowsAsync(t, "SELECT key, outcome FROM task_routing WHERE account_id = 'A0002'"));
        Assert.Equal(0, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM tasks WHERE account_id = 'A0002'"));
    }

    private static async Task<List<string>> StateRowsAsync(TestPipeline t, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={t.Folder.File("state.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(' ', Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString())));
        }

        return rows;
    }
}
