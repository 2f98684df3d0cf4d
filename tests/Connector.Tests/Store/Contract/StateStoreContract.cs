using CrmSuite.Connector.Accounts;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace CrmSuite.Connector.Tests.Store.Contract;

/// <summary>
/// What every state store does, whichever database it keeps: each adapter derives a class that opens it
/// (<see cref="SqliteStateStoreContract"/>, <see cref="PostgreSqlStateStoreContract"/>) and passes these tests unchanged.
/// The SQL of <see cref="ScalarAsync"/> is plain enough to read the same on both.
/// </summary>
public abstract partial class StateStoreContract
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Opens the test's store, creating and migrating it the first time; a second call opens the same store again (a restart).</summary>
    internal abstract Task<StoreUnderTest> OpenAsync();

    internal abstract Task<long> ScalarAsync(string sql);

    [Fact]
    public async Task Opening_applies_each_migration_once_and_records_its_version()
    {
        await (await OpenAsync()).DisposeAsync();
        await (await OpenAsync()).DisposeAsync();

        var migrations = typeof(Connector.Store.StoreTables).Assembly.GetManifestResourceNames().Count(n => n.Contains(".Store.Sqlite.Migrations.", StringComparison.Ordinal));
        Assert.Equal(Connector.Store.StoreTables.SchemaVersion, await ScalarAsync("SELECT MAX(version) FROM schema_version"));
        Assert.Equal(migrations, await ScalarAsync("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task A_page_s_instances_load_in_one_call_with_every_field_intact()
    {
        await using var store = await OpenAsync();
        var instance = new PlaybookInstance("A1", "p", 3, "proposal", Time.GetUtcNow().AddTicks(120), 4, 0x8000_0000_0000_0005UL, [5, -1, 20001]);
        var other = new PlaybookInstance("A1", "q", 1, "watching", Time.GetUtcNow(), 0, 0, []);
        await store.Pages.CommitPageAsync(Commit() with { Instances = [instance, other, other with { AccountId = "A2" }] }, CancellationToken.None);

        var state = new PageState();
        await store.Pages.LoadPageStateAsync(["A1", "A9"], [], state, CancellationToken.None);

        var loaded = state.InstancesOf("A1").OrderBy(i => i.PlaybookId, StringComparer.Ordinal).ToList();
        Assert.Equal(2, loaded.Count);
        Assert.Equal(instance.State, loaded[0].State);
        Assert.Equal(instance.ConditionMask, loaded[0].ConditionMask);
        Assert.Equal<int>(instance.TrueSince, loaded[0].TrueSince);
        Assert.Equal(instance.EnteredAt, loaded[0].EnteredAt);
        Assert.Equal((3, 4), (loaded[0].Version, loaded[0].Step));
        Assert.True(loaded[1].TrueSince.IsEmpty);
        Assert.Empty(state.InstancesOf("A9"));
    }

    [Fact]
    public async Task An_instance_s_experiment_and_held_out_mark_are_stored_and_replaced_with_it()
    {
        await using var store = await OpenAsync();
        var held = new PlaybookInstance("A1", "p", 1, "watching", Time.GetUtcNow(), 0, 0, []) { Experiment = "exp-1", HeldOut = true };
        var treated = new PlaybookInstance("A2", "p", 1, "watching", Time.GetUtcNow(), 0, 0, []) { Experiment = "exp-1" };
        var plain = new PlaybookInstance("A3", "p", 1, "watching", Time.GetUtcNow(), 0, 0, []);
        await store.Pages.CommitPageAsync(Commit() with { Instances = [held, treated, plain] }, CancellationToken.None);
        await store.Pages.CommitPageAsync(Commit() with { Instances = [treated with { HeldOut = true }] }, CancellationToken.None);

        var state = new PageState();
        await store.Pages.LoadPageStateAsync(["A1", "A2", "A3"], [], state, CancellationToken.None);

        Assert.Equal(("exp-1", true), (state.InstancesOf("A1")[0].Experiment, state.InstancesOf("A1")[0].HeldOut));
        Assert.Equal(("exp-1", true), (state.InstancesOf("A2")[0].Experiment, state.InstancesOf("A2")[0].HeldOut));
        Assert.Equal((null, false), (state.InstancesOf("A3")[0].Experiment, state.InstancesOf("A3")[0].HeldOut));
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM instances WHERE held_out = 1 AND experiment = 'exp-1'"));
    }

    [Fact]
    public async Task The_first_message_variant_per_account_and_variant_set_is_kept_and_a_redelivery_changes_nothing()
    {
        await using var store = await OpenAsync();
        var at = Time.GetUtcNow();
        VariantShown Shown(string account, string set, string variant, string key) => new(account, "p", "exp-1", set, variant, key, at);
        await store.Pages.CommitPageAsync(Commit() with
        {
            Variants = [Shown("A1", "CheckIn/task/1", "short", "k1"), Shown("A2", "CheckIn/task/1", "control", "k2"), Shown("A1", "Offer/proposal/1", "note", "k3")],
        }, CancellationToken.None);
        await store.Pages.CommitPageAsync(Commit() with { Variants = [Shown("A1", "CheckIn/task/1", "control", "k4")] }, CancellationToken.None);

        Assert.Equal(3, await ScalarAsync("SELECT COUNT(*) FROM message_variants"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM message_variants WHERE account_id = 'A1' AND variant_set = 'CheckIn/task/1' AND variant = 'short' AND effect_key = 'k1'"));
    }

    [Fact]
    public async Task A_later_page_replaces_an_instance_s_state_and_keeps_one_row_per_account_and_playbook()
    {
        await using var store = await OpenAsync();
        var watching = new PlaybookInstance("A1", "p", 1, "watching", Time.GetUtcNow(), 0, 0, []);
        await store.Pages.CommitPageAsync(Commit() with { Instances = [watching] }, CancellationToken.None);

        await store.Pages.CommitPageAsync(Commit() with { Instances = [watching with { State = "proposal", Step = 1, Version = 2 }] }, CancellationToken.None);

        var state = new PageState();
        await store.Pages.LoadPageStateAsync(["A1"], [], state, CancellationToken.None);
        var loaded = Assert.Single(state.InstancesOf("A1"));
        Assert.Equal(("proposal", 1, 2), (loaded.State, loaded.Step, loaded.Version));
    }

    [Fact]
    public async Task The_watermark_is_stored_with_the_page()
    {
        await using var store = await OpenAsync();

        await store.Pages.CommitPageAsync(Commit() with { Watermark = "42" }, CancellationToken.None);

        Assert.Equal("42", await store.Runs.GetWatermarkAsync(Watermarks.Accounts, CancellationToken.None));
        Assert.Null(await store.Runs.GetWatermarkAsync(Watermarks.TaskEvents, CancellationToken.None));
    }

    [Fact]
    public async Task A_page_without_a_watermark_leaves_the_stored_one_alone()
    {
        await using var store = await OpenAsync();
        await store.Pages.CommitPageAsync(Commit() with { Watermark = "42" }, CancellationToken.None);

        await store.Pages.CommitPageAsync(Commit() with { Watermark = null }, CancellationToken.None);

        Assert.Equal("42", await store.Runs.GetWatermarkAsync(Watermarks.Accounts, CancellationToken.None));
    }

    [Fact]
    public async Task A_new_run_marks_one_left_running_interrupted_and_each_page_adds_its_counters_to_its_run()
    {
        await using var store = await OpenAsync();
        var crashed = await store.Runs.BeginRunAsync(SyncRunKind.Full, null, Time.GetUtcNow(), CancellationToken.None);
        var run = await store.Runs.BeginRunAsync(SyncRunKind.Incremental, "41", Time.GetUtcNow(), CancellationToken.None);

        await store.Pages.CommitPageAsync(Commit(run) with { Watermark = "42", Counts = new SyncCounts(10, 2, 3, 1, 1) }, CancellationToken.None);
        await store.Pages.CommitPageAsync(Commit(run) with { Watermark = null, Counts = new SyncCounts(5, 1, 0, 0, 0) }, CancellationToken.None);
        await store.Runs.FinishRunAsync(run, SyncRunStatus.Completed, Time.GetUtcNow().AddSeconds(3), CancellationToken.None);

        var status = await store.Status.ReadStatusAsync(5, 5, CancellationToken.None);
        Assert.Equal([run, crashed], status.RecentSyncs.Select(s => s.Id));
        var last = status.RecentSyncs[0];
        Assert.Equal((SyncRunKind.Incremental, SyncRunStatus.Completed), (last.Kind, last.Status));
        Assert.Equal((15L, 3L, 3L, 1L, 1L), (last.Accounts, last.Transitions, last.Tasks, last.Proposals, last.Quarantined));
        Assert.Equal(("41", "42"), (last.WatermarkFrom, last.WatermarkTo));
        Assert.Equal(Time.GetUtcNow().AddSeconds(3), last.FinishedAt);
        Assert.Equal(SyncRunStatus.Interrupted, status.RecentSyncs[1].Status);
        Assert.Equal("42", status.Watermark);
    }

    [Fact]
    public async Task An_effect_already_in_the_outbox_for_its_account_is_left_out_and_new_rows_come_back_in_commit_order()
    {
        await using var store = await OpenAsync();
        await store.Pages.CommitPageAsync(Commit() with { Outbox = Tasks("A2") }, CancellationToken.None);

        var page = await store.Pages.CommitPageAsync(Commit() with { Outbox = Tasks("A3", "A2", "A1") }, CancellationToken.None);

        Assert.Equal(["A3", "A1"], page.Inserted.Select(w => w.Write.AccountId));
        Assert.True(page.Inserted[0].Id < page.Inserted[1].Id);
        Assert.Equal(3, await ScalarAsync("SELECT COUNT(*) FROM outbox"));
        var pending = await store.Outbox.ReadPendingAsync(10, CancellationToken.None);
        Assert.Equal(["A2", "A3", "A1"], pending.Select(p => p.Write.AccountId));
        Assert.IsType<CrmTask>(pending[0].Write);
    }

    [Fact]
    public async Task Rows_in_flight_count_as_pending_until_a_later_commit_confirms_their_delivery()
    {
        await using var store = await OpenAsync();
        var page = await store.Pages.CommitPageAsync(Commit() with { Outbox = Tasks("A1", "A2", "A3"), DeliveredBySync = true }, CancellationToken.None);

        var before = await store.Status.ReadStatusAsync(1, 1, CancellationToken.None);
        await store.Pages.CommitPageAsync(Commit() with { Delivered = [.. page.Inserted.Select(w => w.Id)], DeliveredBySync = true }, CancellationToken.None);
        var after = await store.Status.ReadStatusAsync(1, 1, CancellationToken.None);

        Assert.Equal((3L, 0L), (before.OutboxPending, before.OutboxDelivered));
        Assert.Equal(Time.GetUtcNow(), before.OldestPending);
        Assert.Equal((0L, 3L), (after.OutboxPending, after.OutboxDelivered));
        Assert.Empty(await store.Outbox.ReadPendingAsync(10, CancellationToken.None));
        Assert.Equal(3, await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL AND attempts = 1"));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM outbox_in_flight"));
    }

    [Fact]
    public async Task Rows_in_flight_whose_delivery_was_never_confirmed_are_pending_again_after_a_restart()
    {
        await using (var crashed = await OpenAsync())
        {
            var first = await crashed.Pages.CommitPageAsync(Commit() with { Outbox = Tasks("A1", "A2"), DeliveredBySync = true }, CancellationToken.None);
            // Only the first page's delivery was confirmed before the process died; the second page's never was.
            await crashed.Pages.CommitPageAsync(Commit() with
            {
                Outbox = Tasks("A3", "A4", "A5"),
                Delivered = [.. first.Inserted.Select(w => w.Id)],
                DeliveredBySync = true,
            }, CancellationToken.None);
        }

        await using var store = await OpenAsync();
        var pending = await store.Outbox.ReadPendingAsync(10, CancellationToken.None);

        Assert.Equal(["A3", "A4", "A5"], pending.Select(p => p.Write.AccountId));
        Assert.Equal(3, await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND attempts = 0"));
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL AND attempts = 1"));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM outbox_in_flight"));
    }

    [Fact]
    public async Task Rows_of_a_page_the_sync_does_not_deliver_wait_for_the_dispatcher_without_a_journal_entry()
    {
        await using var store = await OpenAsync();
        await store.Pages.CommitPageAsync(Commit() with { Outbox = Tasks("A1", "A2") }, CancellationToken.None);

        var pending = await store.Outbox.ReadPendingAsync(10, CancellationToken.None);
        await store.Outbox.MarkDeliveredAsync([.. pending.Select(p => p.Id)], Time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(2, pending.Count);
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM outbox_in_flight"));
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL AND attempts = 1"));
    }

    [Fact]
    public async Task Marking_ids_delivered_touches_exactly_those_rows_whatever_their_order_and_gaps()
    {
        await using var store = await OpenAsync();
        await store.Pages.CommitPageAsync(Commit() with { Outbox = Tasks("A1", "A2", "A3", "A4", "A5", "A6") }, CancellationToken.None);
        var ids = (await store.Outbox.ReadPendingAsync(10, CancellationToken.None)).Select(p => p.Id).ToArray();

        await store.Outbox.MarkDeliveredAsync([ids[4], ids[0], ids[1], ids[4]], Time.GetUtcNow(), CancellationToken.None);

        var left = await store.Outbox.ReadPendingAsync(10, CancellationToken.None);
        Assert.Equal(["A3", "A4", "A6"], left.Select(p => p.Write.AccountId));
    }

    [Fact]
    public async Task A_failed_delivery_counts_the_attempt_keeps_the_error_and_leaves_the_write_pending()
    {
        await using var store = await OpenAsync();
        await store.Pages.CommitPageAsync(Commit() with { Outbox = Tasks("A1", "A2") }, CancellationToken.None);
        var pending = await store.Outbox.ReadPendingAsync(10, CancellationToken.None);

        await store.Outbox.MarkFailedAsync([pending[0].Id], "CRM answered 503", CancellationToken.None);

        Assert.Equal(2, (await store.Outbox.ReadPendingAsync(10, CancellationToken.None)).Count);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE attempts = 1 AND last_error = 'CRM answered 503'"));
    }

    [Fact]
    public async Task The_oldest_pending_writes_are_read_first_and_no_more_than_asked()
    {
        await using var store = await OpenAsync();
        await store.Pages.CommitPageAsync(Commit() with { Outbox = Tasks("A1", "A2", "A3") }, CancellationToken.None);

        var pending = await store.Outbox.ReadPendingAsync(2, CancellationToken.None);

        Assert.Equal(["A1", "A2"], pending.Select(p => p.Write.AccountId));
    }

    [Fact]
    public async Task A_quarantine_entry_stays_while_pages_raise_it_and_leaves_once_a_page_of_its_account_does_not()
    {
        await using var store = await OpenAsync();
        var entry = new QuarantineEntry("A1", "A1-S1", "seats", "negative seats: -3");
        await store.Pages.CommitPageAsync(Commit(1) with { Quarantined = [entry], SeenAccountIds = ["A1", "A2"] }, CancellationToken.None);
        Time.Advance(TimeSpan.FromHours(1));
        await store.Pages.CommitPageAsync(Commit(2) with { Quarantined = [entry with { Reason = "negative seats: -4" }], SeenAccountIds = ["A1"] }, CancellationToken.None);

        var raised = await store.Status.ReadStatusAsync(1, 10, CancellationToken.None);
        await store.Pages.CommitPageAsync(Commit(3) with { SeenAccountIds = ["A1"] }, CancellationToken.None);
        var fixedInCrm = await store.Status.ReadStatusAsync(1, 10, CancellationToken.None);

        var row = Assert.Single(raised.Quarantine);
        Assert.Equal(("A1", "A1-S1", "seats", "negative seats: -4"), (row.AccountId, row.RecordId, row.Field, row.Reason));
        Assert.Equal(Time.GetUtcNow().AddHours(-1), row.FirstSeen);
        Assert.Equal(Time.GetUtcNow(), row.LastSeen);
        Assert.Equal(0, fixedInCrm.QuarantineCount);
    }

    [Fact]
    public async Task A_deleted_account_takes_its_instances_licenses_and_quarantine_entries_with_it()
    {
        await using var store = await OpenAsync();
        await store.Pages.CommitPageAsync(Commit() with
        {
            Instances = [new PlaybookInstance("A1", "p", 1, "watching", Time.GetUtcNow(), 0, 0, []), new PlaybookInstance("A2", "p", 1, "watching", Time.GetUtcNow(), 0, 0, [])],
            Snapshots = [Snapshot("A1-S1", "A1", 290m), Snapshot("A2-S1", "A2", 290m)],
            Quarantined = [new QuarantineEntry("A1", "A1-S1", "tier", "unknown tier")],
        }, CancellationToken.None);

        await store.Pages.CommitPageAsync(Commit() with { DeletedAccountIds = ["A1"] }, CancellationToken.None);

        var state = new PageState();
        await store.Pages.LoadPageStateAsync(["A1", "A2"], [], state, CancellationToken.None);
        Assert.Empty(state.InstancesOf("A1"));
        Assert.Single(state.InstancesOf("A2"));
        Assert.Equal(["A2-S1"], state.Snapshots.Keys);
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM quarantine"));
    }

    [Fact]
    public async Task A_page_loads_the_licenses_it_saw_last_time_and_those_its_accounts_hold_now_that_were_seen_under_another_account()
    {
        await using var store = await OpenAsync();
        await store.Pages.CommitPageAsync(Commit() with { Snapshots = [Snapshot("A1-S1", "A1", 290.50m), Snapshot("B7-S1", "B7", 99m)] }, CancellationToken.None);

        var state = new PageState();
        await store.Pages.LoadPageStateAsync(["A1"], ["B7-S1"], state, CancellationToken.None);

        Assert.Equal(["A1-S1", "B7-S1"], state.Snapshots.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Snapshot("A1-S1", "A1", 290.50m), state.Snapshots["A1-S1"]);
        Assert.Equal("B7", state.Snapshots["B7-S1"].AccountId);
    }

    [Fact]
    public async Task The_daily_snapshot_totals_paying_mrr_per_currency_and_a_rerun_replaces_the_day()
    {
        await using var store = await OpenAsync();
        await store.Pages.CommitPageAsync(Commit() with
        {
            Snapshots =
            [
                Snapshot("A1-S1", "A1", 290m), Snapshot("A1-S2", "A1", 10m), Snapshot("A2-S1", "A2", 290m),
                Snapshot("A3-S1", "A3", 100m) with { Currency = "EUR" },
                Snapshot("A4-S1", "A4", 500m) with { Status = SubscriptionStatus.Cancelled }, Snapshot("A5-S1", "A5", 0m),
            ],
        }, CancellationToken.None);
        var day = new DateOnly(2026, 11, 24);

        var first = await store.Ledger.SnapshotMrrAsync(day, CancellationToken.None);
        await store.Pages.CommitPageAsync(Commit() with { Snapshots = [Snapshot("A2-S1", "A2", 300m)] }, CancellationToken.None);
        var again = await store.Ledger.SnapshotMrrAsync(day, CancellationToken.None);

        Assert.Equal([new MrrTotal("EUR", 1, 100m), new MrrTotal("USD", 2, 590m)], first);
        Assert.Equal([new MrrTotal("EUR", 1, 100m), new MrrTotal("USD", 2, 600m)], again);
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM mrr_daily"));
    }

    [Fact]
    public async Task Ledger_movements_are_stored_with_their_delta_and_the_proposal_that_made_them()
    {
        await using var store = await OpenAsync();
        var day = new DateOnly(2026, 11, 20);

        await store.Pages.CommitPageAsync(Commit() with
        {
            Movements =
            [
                new MrrMovement(day, "A1", "A1-S1", MrrMovementKind.Expansion, 290m, 450.25m, "professional", "enterprise", 10, 12, "USD", "prop-1"),
                new MrrMovement(day, "A2", "A2-S1", MrrMovementKind.New, 0m, 99m, null, "starter", 0, 3, "USD"),
            ],
        }, CancellationToken.None);

        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM mrr_ledger"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM mrr_ledger WHERE movement = 'expansion' AND proposal_key = 'prop-1' AND delta = 160.25"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM mrr_ledger WHERE movement = 'new' AND proposal_key IS NULL AND tier_before IS NULL"));
    }

    [Fact]
    public async Task The_audit_log_keeps_every_transition_and_an_unplaced_instance_once_however_often_a_sync_sees_it()
    {
        await using var store = await OpenAsync();
        var reason = new Reason("watching", "proposal", "seat_utilization >= 0.9", [new SignalReading("seat_utilization", "0.95")]);
        var transition = new AuditEntry(Time.GetUtcNow(), "sync", "A1", "p", 1, AuditKind.Transition, reason, null, "k-1");
        var unplaced = new AuditEntry(Time.GetUtcNow(), "sync", "A2", "p", 1, AuditKind.Unplaced, new Reason("gone", "gone", "no state gone in version 2", []), null, "k-u");
        await store.Pages.CommitPageAsync(Commit() with
        {
            Instances = [new PlaybookInstance("A2", "p", 1, "gone", Time.GetUtcNow(), 0, 0, [])],
            Audit = [transition, unplaced],
        }, CancellationToken.None);
        Time.Advance(TimeSpan.FromDays(1));

        await store.Pages.CommitPageAsync(Commit() with { Audit = [transition with { EffectKey = "k-2" }, unplaced with { At = Time.GetUtcNow() }] }, CancellationToken.None);

        var status = await store.Status.ReadStatusAsync(1, 10, CancellationToken.None);
        Assert.Equal(3, status.AuditEntries);
        Assert.Equal(1, status.UnplacedCount);
        var row = Assert.Single(status.Unplaced!);
        Assert.Equal(("A2", "p", 1, "gone"), (row.AccountId, row.PlaybookId, row.Version, row.State));
        Assert.Equal(Time.GetUtcNow().AddDays(-1), row.Since);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE provenance LIKE '%seat_utilization%' AND kind = 'transition' AND effect_key = 'k-1'"));
    }

    [Fact]
    public async Task A_suppressed_transition_records_the_guardrail_that_refused_it()
    {
        await using var store = await OpenAsync();
        var reason = new Reason("watching", "proposal", "seat_utilization >= 0.9", []);
        var refusal = new GuardrailRefusal(GuardrailKind.ContactBudget, "2 contacts in 30 days");

        await store.Pages.CommitPageAsync(Commit() with
        {
            Audit = [new AuditEntry(Time.GetUtcNow(), "sync", "A1", "p", 1, AuditKind.Suppressed, reason, refusal, "k-1")],
        }, CancellationToken.None);

        Assert.Equal(1, await ScalarAsync($"SELECT COUNT(*) FROM audit_log WHERE kind = 'suppressed' AND guardrail = '{refusal.Rule}'"));
    }

    [Fact]
    public async Task A_cancelled_commit_writes_nothing()
    {
        await using var store = await OpenAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            store.Pages.CommitPageAsync(Commit() with { Outbox = Tasks("A1"), Watermark = "9" }, cancelled.Token));

        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM outbox"));
        Assert.Null(await store.Runs.GetWatermarkAsync(Watermarks.Accounts, CancellationToken.None));
    }

    private PageCommit Commit(long syncId = 1) =>
        new(syncId, Time.GetUtcNow(), Watermarks.Accounts, "1", [], [], [], [], [], [], [], [], default, []);

    private static MrrSnapshot Snapshot(string subscription, string account, decimal mrr) =>
        new(subscription, account, "professional", 10, mrr, "USD", SubscriptionStatus.Active);

    private List<OutboxRow> Tasks(params string[] accounts) =>
        [.. accounts.Select(a => OutboxRow.Of(new CrmTask($"p-1-task0-{a.ToLowerInvariant()}", a, "p", 1, new Reason("Watching", "Call", "test", []), "Call",
            "Call the customer", new DateOnly(2026, 11, 30), "csm", TaskPriority.Normal, ["done"], Time.GetUtcNow(), 1)))];
}
