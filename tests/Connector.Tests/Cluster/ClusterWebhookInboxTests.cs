using System.Collections.Concurrent;
using CrmSuite.Connector.Store.PostgreSql;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.Connector.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace CrmSuite.Connector.Tests.Cluster;

/// <summary>
/// The webhook inbox of a cluster, shared in the PostgreSQL state store: an event posted to any node is stored once, and
/// one node handles it once; a node's claims keep the others off until it records them or its lease runs out.
/// </summary>
public sealed class ClusterWebhookInboxTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly List<PostgreSqlStateStore> _stores = [];
    private TestPostgres? _database;

    private TestPostgres Database => _database ?? throw new InvalidOperationException("The test database was not created.");

    public async Task InitializeAsync() => _database = await TestPostgres.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_event_posted_to_two_nodes_is_stored_once_and_the_second_node_answers_already_accepted_then_already_handled()
    {
        var first = await NodeAsync("node-a");
        var second = await NodeAsync("node-b");

        var accepted = await first.AcceptAsync(Event("e1"), _time.GetUtcNow(), CancellationToken.None);
        var again = await second.AcceptAsync(Event("e1"), _time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(new InboxReceipt(accepted.Id, true, false), accepted);
        Assert.Equal(new InboxReceipt(accepted.Id, false, false), again);
        Assert.Equal(1, await Database.ScalarAsync("SELECT COUNT(*) FROM webhook_events"));

        var claimed = await second.ReadPendingAsync(10, CancellationToken.None);
        await second.RecordAsync([.. claimed.Select(e => e.Id)], handled: true, "done", _time.GetUtcNow(), CancellationToken.None);
        Assert.Equal(new InboxReceipt(accepted.Id, false, true), await first.AcceptAsync(Event("e1"), _time.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task Events_one_node_claimed_are_not_read_by_the_other_and_handled_events_by_neither()
    {
        var first = await NodeAsync("node-a");
        var second = await NodeAsync("node-b");
        foreach (var key in new[] { "e1", "e2", "e3" })
        {
            await first.AcceptAsync(Event(key), _time.GetUtcNow(), CancellationToken.None);
        }

        var mine = await first.ReadPendingAsync(2, CancellationToken.None);
        var theirs = await second.ReadPendingAsync(10, CancellationToken.None);

        Assert.Equal(["row-e1", "row-e2"], mine.Select(e => e.RowId));
        Assert.Equal(["row-e3"], theirs.Select(e => e.RowId));
        await first.RecordAsync([.. mine.Select(e => e.Id)], handled: true, "done", _time.GetUtcNow(), CancellationToken.None);
        await second.RecordAsync([.. theirs.Select(e => e.Id)], handled: true, "done", _time.GetUtcNow(), CancellationToken.None);
        Assert.Empty(await first.ReadPendingAsync(10, CancellationToken.None));
        Assert.Empty(await second.ReadPendingAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_pass_frees_its_events_for_any_node_and_a_dead_node_s_claims_are_taken_over_once_the_lease_ran_out()
    {
        var first = await NodeAsync("node-a");
        var second = await NodeAsync("node-b");
        await first.AcceptAsync(Event("e1"), _time.GetUtcNow(), CancellationToken.None);
        await first.AcceptAsync(Event("e2"), _time.GetUtcNow(), CancellationToken.None);
        var claimed = await first.ReadPendingAsync(10, CancellationToken.None);

        await first.RecordAsync([claimed[0].Id], handled: false, "failed: CRM refused", _time.GetUtcNow(), CancellationToken.None);
        var retried = Assert.Single(await second.ReadPendingAsync(10, CancellationToken.None));
        Assert.Equal(("row-e1", 1), (retried.RowId, retried.Attempts));

        // The lease runs on the database's clock: moved into the past here, as if node-a had died a while ago.
        await Database.ExecuteAsync($"UPDATE webhook_events SET claimed_until = now() - interval '1 second' WHERE id = {claimed[1].Id}");
        Assert.Equal(["row-e1", "row-e2"], (await second.ReadPendingAsync(10, CancellationToken.None)).Select(e => e.RowId));
    }

    [Fact]
    public async Task A_node_with_no_connection_left_gives_up_its_claims_at_once()
    {
        var node = new ClusterNode("node-a", TimeSpan.FromMinutes(5));
        var store = await PostgreSqlStateStore.OpenAsync(Database.ConnectionString, _time, CancellationToken.None, node);
        var first = new PostgreSqlWebhookInbox(store.DataSource, node.Id, node.OutboxLease);
        var second = await NodeAsync("node-b");
        await first.AcceptAsync(Event("e1"), _time.GetUtcNow(), CancellationToken.None);
        Assert.Single(await first.ReadPendingAsync(10, CancellationToken.None));
        Assert.Empty(await second.ReadPendingAsync(10, CancellationToken.None));

        await store.DisposeAsync();
        await Database.WaitUntilDisconnectedAsync("node-a");

        Assert.Equal(["row-e1"], (await second.ReadPendingAsync(10, CancellationToken.None)).Select(e => e.RowId));
    }

    [Fact]
    public async Task Two_nodes_draining_the_inbox_at_once_handle_every_event_exactly_once()
    {
        var first = await NodeAsync("node-a");
        var second = await NodeAsync("node-b");
        for (var i = 0; i < 300; i++)
        {
            await (i % 2 == 0 ? first : second).AcceptAsync(Event($"e{i}"), _time.GetUtcNow(), CancellationToken.None);
        }

        var handledBy = new ConcurrentDictionary<long, string>();
        var duplicates = new ConcurrentBag<long>();
        async Task DrainAsync(PostgreSqlWebhookInbox inbox, string node)
        {
            while (await inbox.ReadPendingAsync(7, CancellationToken.None) is { Count: > 0 } pending)
            {
                foreach (var e in pending.Where(e => !handledBy.TryAdd(e.Id, node)))
                {
                    duplicates.Add(e.Id);
                }

                await inbox.RecordAsync([.. pending.Select(e => e.Id)], handled: true, "done", _time.GetUtcNow(), CancellationToken.None);
            }
        }

        await Task.WhenAll(Task.Run(() => DrainAsync(first, "node-a")), Task.Run(() => DrainAsync(second, "node-b")));

        Assert.Empty(duplicates);
        Assert.Equal(300, handledBy.Count);
        Assert.Equal(0, await Database.ScalarAsync("SELECT COUNT(*) FROM webhook_events WHERE handled_at IS NULL OR attempts <> 1"));
    }

    private async Task<PostgreSqlWebhookInbox> NodeAsync(string name)
    {
        var node = new ClusterNode(name, TimeSpan.FromMinutes(5));
        var store = await PostgreSqlStateStore.OpenAsync(Database.ConnectionString, _time, CancellationToken.None, node);
        _stores.Add(store);
        return new PostgreSqlWebhookInbox(store.DataSource, node.Id, node.OutboxLease);
    }

    private static WebhookEvent Event(string key) =>
        new(key, "task-completed", "Update", "task", $"row-{key}", "A1", 1, Guid.Empty.ToString("D"), "test");
}
