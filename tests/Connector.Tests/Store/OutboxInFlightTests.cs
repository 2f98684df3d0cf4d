using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Store.Sqlite;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.PlaybookEngine.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace CrmSuite.Connector.Tests.Store;

/// <summary>
/// The outbox rows a sync delivers itself: stored delivered with their page, in flight until a later commit confirms the
/// delivery; never confirmed (a crash, a refused write), they are pending again when the dispatcher reads.
/// </summary>
public sealed class OutboxInFlightTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    private string Path => _folder.File("state.db");

    [Fact]
    public async Task Rows_in_flight_count_as_pending_until_a_later_commit_confirms_their_delivery()
    {
        await using var store = SqliteStateStore.Open(Path, _time);
        var page = await store.CommitPageAsync(Commit(Tasks("A1", "A2", "A3")) with { DeliveredBySync = true }, CancellationToken.None);

        var before = await store.ReadStatusAsync(1, 1, CancellationToken.None);
        await store.CommitPageAsync(Commit([]) with { Delivered = [.. page.Inserted.Select(w => w.Id)], DeliveredBySync = true }, CancellationToken.None);
        var after = await store.ReadStatusAsync(1, 1, CancellationToken.None);

        Assert.Equal((3L, 0L), (before.OutboxPending, before.OutboxDelivered));
        Assert.Equal(_time.GetUtcNow(), before.OldestPending);
        Assert.Equal((0L, 3L), (after.OutboxPending, after.OutboxDelivered));
        Assert.Empty(await store.ReadPendingAsync(10, CancellationToken.None));
        Assert.Equal(3, await TestPipeline.StateScalar(Path, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL AND attempts = 1"));
        Assert.Equal(0, await TestPipeline.StateScalar(Path, "SELECT COUNT(*) FROM outbox_in_flight"));
    }

    [Fact]
    public async Task Rows_in_flight_whose_delivery_was_never_confirmed_are_pending_again_after_a_restart()
    {
        await using (var crashed = SqliteStateStore.Open(Path, _time))
        {
            var first = await crashed.CommitPageAsync(Commit(Tasks("A1", "A2")) with { DeliveredBySync = true }, CancellationToken.None);
            // Only the first page's delivery was confirmed before the process died; the second page's never was.
            await crashed.CommitPageAsync(Commit(Tasks("A3", "A4", "A5")) with
            {
                Delivered = [.. first.Inserted.Select(w => w.Id)],
                DeliveredBySync = true,
            }, CancellationToken.None);
        }

        await using var store = SqliteStateStore.Open(Path, _time);
        var pending = await store.ReadPendingAsync(10, CancellationToken.None);

        Assert.Equal(["A3", "A4", "A5"], pending.Select(p => p.Write.AccountId));
        Assert.Equal(3, await TestPipeline.StateScalar(Path, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND attempts = 0"));
        Assert.Equal(2, await TestPipeline.StateScalar(Path, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL AND attempts = 1"));
        Assert.Equal(0, await TestPipeline.StateScalar(Path, "SELECT COUNT(*) FROM outbox_in_flight"));
    }

    [Fact]
    public async Task Rows_of_a_page_the_sync_does_not_deliver_wait_for_the_dispatcher_without_a_journal_entry()
    {
        await using var store = SqliteStateStore.Open(Path, _time);
        await store.CommitPageAsync(Commit(Tasks("A1", "A2")), CancellationToken.None);

        var pending = await store.ReadPendingAsync(10, CancellationToken.None);
        await store.MarkDeliveredAsync([.. pending.Select(p => p.Id)], _time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(2, pending.Count);
        Assert.Equal(0, await TestPipeline.StateScalar(Path, "SELECT COUNT(*) FROM outbox_in_flight"));
        Assert.Equal(2, await TestPipeline.StateScalar(Path, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL AND attempts = 1"));
    }

    [Fact]
    public async Task Marking_ids_delivered_touches_exactly_those_rows_whatever_their_order_and_gaps()
    {
        await using var store = SqliteStateStore.Open(Path, _time);
        await store.CommitPageAsync(Commit(Tasks("A1", "A2", "A3", "A4", "A5", "A6")), CancellationToken.None);
        var ids = (await store.ReadPendingAsync(10, CancellationToken.None)).Select(p => p.Id).ToArray();

        await store.MarkDeliveredAsync([ids[4], ids[0], ids[1], ids[4]], _time.GetUtcNow(), CancellationToken.None);

        var left = await store.ReadPendingAsync(10, CancellationToken.None);
        Assert.Equal(["A3", "A4", "A6"], left.Select(p => p.Write.AccountId));
    }

    private PageCommit Commit(IReadOnlyList<OutboxRow> outbox) =>
        new(1, _time.GetUtcNow(), "crm.accounts", "1", [], [], outbox, [], [], [], [], [], default, []);

    private List<OutboxRow> Tasks(params string[] accounts) =>
        [.. accounts.Select(a => OutboxRow.Of(new CrmTask($"p-1-task0-{a.ToLowerInvariant()}", a, "p", 1, new Reason("Watching", "Call", "test", []), "Call",
            "Call the customer", new DateOnly(2026, 11, 30), "csm", TaskPriority.Normal, ["done"], _time.GetUtcNow(), 1)))];
}
