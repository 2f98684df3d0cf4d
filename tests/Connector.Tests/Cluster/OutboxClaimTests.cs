using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Store.PostgreSql;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.PlaybookEngine.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace CrmSuite.Connector.Tests.Cluster;

/// <summary>
/// Two nodes' stores on one PostgreSQL database: a node's dispatcher claims the pending rows it reads, and the other
/// node never reads rows claimed or in flight elsewhere until the claim is given up or its lease runs out.
/// </summary>
public sealed class OutboxClaimTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private TestPostgres? _database;

    private TestPostgres Database => _database ?? throw new InvalidOperationException("The test database was not created.");

    public async Task InitializeAsync() => _database = await TestPostgres.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Rows_one_node_claimed_are_not_read_by_another_which_takes_the_rest()
    {
        await using var first = await OpenAsync("node-a");
        await using var second = await OpenAsync("node-b");
        await first.CommitPageAsync(Commit(false, "A1", "A2", "A3"), CancellationToken.None);

        var claimed = await first.ReadPendingAsync(2, CancellationToken.None);
        var rest = await second.ReadPendingAsync(10, CancellationToken.None);

        Assert.Equal(["A1", "A2"], claimed.Select(p => p.Write.AccountId));
        Assert.Equal(["A3"], rest.Select(p => p.Write.AccountId));
        // A node reads its own claims again (its next dispatch retries them), never the other node's.
        Assert.Equal(["A1", "A2"], (await first.ReadPendingAsync(10, CancellationToken.None)).Select(p => p.Write.AccountId));
    }

    [Fact]
    public async Task A_failed_delivery_gives_up_the_claim_so_any_node_retries_it()
    {
        await using var first = await OpenAsync("node-a");
        await using var second = await OpenAsync("node-b");
        await first.CommitPageAsync(Commit(false, "A1"), CancellationToken.None);
        var claimed = await first.ReadPendingAsync(10, CancellationToken.None);

        await first.MarkFailedAsync([.. claimed.Select(p => p.Id)], "CRM refused", CancellationToken.None);

        Assert.Equal(["A1"], (await second.ReadPendingAsync(10, CancellationToken.None)).Select(p => p.Write.AccountId));
    }

    [Fact]
    public async Task A_sync_s_rows_in_flight_are_made_pending_again_by_its_own_node_or_once_their_lease_ran_out_but_not_by_another_node_before()
    {
        await using var first = await OpenAsync("node-a");
        await using var second = await OpenAsync("node-b");
        await first.CommitPageAsync(Commit(true, "A1"), CancellationToken.None);

        Assert.Empty(await second.ReadPendingAsync(10, CancellationToken.None));
        Assert.Equal(1, await Database.ScalarAsync("SELECT COUNT(*) FROM outbox_in_flight"));

        // The lease runs on the database's clock: moved into the past here, as if the node had died a while ago.
        await Database.ExecuteAsync("UPDATE outbox_in_flight SET leased_until = now() - interval '1 second'");
        Assert.Equal(["A1"], (await second.ReadPendingAsync(10, CancellationToken.None)).Select(p => p.Write.AccountId));
        Assert.Equal(0, await Database.ScalarAsync("SELECT COUNT(*) FROM outbox_in_flight"));
    }

    [Fact]
    public async Task A_node_with_no_connection_left_gives_up_its_claims_and_rows_in_flight_at_once_without_waiting_for_the_lease()
    {
        var first = await OpenAsync("node-a");
        await using var second = await OpenAsync("node-b");
        await first.CommitPageAsync(Commit(false, "A1"), CancellationToken.None);
        Assert.Single(await first.ReadPendingAsync(10, CancellationToken.None));
        await first.CommitPageAsync(Commit(true, "A2"), CancellationToken.None);
        Assert.Empty(await second.ReadPendingAsync(10, CancellationToken.None));

        await first.DisposeAsync();
        await Database.WaitUntilDisconnectedAsync("node-a");

        Assert.Equal(["A1", "A2"], (await second.ReadPendingAsync(10, CancellationToken.None)).Select(p => p.Write.AccountId));
    }

    [Fact]
    public async Task A_node_s_own_rows_in_flight_are_pending_again_for_its_next_dispatch()
    {
        await using var first = await OpenAsync("node-a");
        await first.CommitPageAsync(Commit(true, "A1"), CancellationToken.None);

        Assert.Equal(["A1"], (await first.ReadPendingAsync(10, CancellationToken.None)).Select(p => p.Write.AccountId));
    }

    [Fact]
    public async Task A_run_left_running_by_a_connected_node_is_not_marked_interrupted_by_another_node()
    {
        await using var first = await OpenAsync("node-a");
        await using var second = await OpenAsync("node-b");
        var running = await first.BeginRunAsync(SyncRunKind.Incremental, null, _time.GetUtcNow(), CancellationToken.None);

        await second.BeginRunAsync(SyncRunKind.Incremental, null, _time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(1, await Database.ScalarAsync($"SELECT COUNT(*) FROM syncs WHERE id = {running} AND status = 'running'"));
        await first.DisposeAsync();
        await using var third = await OpenAsync("node-c");
        await third.BeginRunAsync(SyncRunKind.Incremental, null, _time.GetUtcNow(), CancellationToken.None);
        Assert.Equal(1, await Database.ScalarAsync($"SELECT COUNT(*) FROM syncs WHERE id = {running} AND status = 'interrupted'"));
    }

    private Task<PostgreSqlStateStore> OpenAsync(string node) =>
        PostgreSqlStateStore.OpenAsync(Database.ConnectionString, _time, CancellationToken.None, new ClusterNode(node, TimeSpan.FromMinutes(5)));

    private PageCommit Commit(bool deliveredBySync, params string[] accounts) =>
        new(1, _time.GetUtcNow(), Watermarks.Accounts, "1", [], [], Tasks(accounts), [], [], [], [], [], default, [], deliveredBySync);

    private List<OutboxRow> Tasks(string[] accounts) =>
        [.. accounts.Select(a => OutboxRow.Of(new CrmTask($"p-1-task0-{a.ToLowerInvariant()}", a, "p", 1, new Reason("Watching", "Call", "test", []), "Call",
            "Call the customer", new DateOnly(2026, 11, 30), "csm", TaskPriority.Normal, ["done"], _time.GetUtcNow(), 1)))];
}
