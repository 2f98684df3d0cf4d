using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Sync;

public sealed class SyncPipelineTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Full_sync_evaluates_every_account_and_delivers_its_tasks_to_the_crm()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(25).Select(a => a.Id == "A0003" ? a with { SeatsUsed = 10 } : a));

        var summary = await t.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal(SyncOutcome.Completed, summary.Outcome);
        Assert.Equal(25, summary.Accounts);
        Assert.Equal(3, summary.Pages);
        Assert.Equal(1, summary.Transitions);
        Assert.Equal(1, summary.Tasks);
        Assert.Equal(2, summary.Delivered);
        Assert.Equal(25, await t.StateScalarAsync("SELECT COUNT(*) FROM instances"));
        Assert.Equal(1, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM tasks WHERE account_id = 'A0003' AND status = 'open' AND owner_id = 'U0001'"));
        Assert.Equal(1, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM playbook_stages WHERE account_id = 'A0003' AND stage = 'need_confirmed' AND step = 1"));
        Assert.Equal(0, await t.StateScalarAsync("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL"));
    }

    [Fact]
    public async Task Every_transition_is_audited_with_its_reason_and_trigger()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, [new AccountBuilder("A0001", SeatsUsed: 10)]);

        await t.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal(1, await t.StateScalarAsync("""
            SELECT COUNT(*) FROM audit_log WHERE account_id = 'A0001' AND kind = 'transition' AND from_state = 'watching'
            AND to_state = 'need_confirmed' AND reason = 'seat_utilization >= 0.9 (seat_utilization = 1.00)' AND triggered_by = 'sync #1 (full)'
            """));
    }

    [Fact]
    public async Task Incremental_sync_evaluates_only_accounts_changed_since_the_watermark()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(30));
        await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);
        t.Evaluator.Evaluated.Clear();

        await TestCrm.ExecuteAsync(t.Crm, "UPDATE usage SET health = 20 WHERE account_id IN ('A0007', 'A0021')");
        await TestCrm.ExecuteAsync(t.Crm, "UPDATE subscriptions SET seats_used = 10 WHERE account_id = 'A0012'");
        var summary = await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal(["A0007", "A0012", "A0021"], t.Evaluator.Evaluated.Order(StringComparer.Ordinal));
        Assert.Equal(3, summary.Accounts);
        Assert.Equal(1, summary.Tasks);
    }

    [Fact]
    public async Task Incremental_sync_with_nothing_changed_evaluates_nothing()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(12));
        await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);

        var summary = await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal(0, summary.Accounts);
        Assert.Equal(0, summary.Pages);
    }

    [Fact]
    public async Task Full_sync_re_evaluates_every_account_even_when_nothing_changed()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(12));
        await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);

        var summary = await t.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal(12, summary.Accounts);
        Assert.Equal(0, summary.Transitions);
    }

    [Fact]
    public async Task A_failure_mid_page_leaves_nothing_of_that_page_and_keeps_the_pages_before()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(30).Select(a => a with { SeatsUsed = 10 }));
        t.Evaluator.FailOn = "A0015";

        await Assert.ThrowsAsync<InvalidOperationException>(() => t.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None));

        Assert.Equal(10, await t.StateScalarAsync("SELECT COUNT(*) FROM instances"));
        Assert.Equal(0, await t.StateScalarAsync("SELECT COUNT(*) FROM instances WHERE account_id >= 'A0011'"));
        Assert.Equal(10, await t.StateScalarAsync("SELECT COUNT(*) FROM outbox WHERE kind = 'task'"));
        Assert.Equal(10, await t.StateScalarAsync("SELECT CAST(value AS INTEGER) FROM watermarks"));
        Assert.Equal(1, await t.StateScalarAsync("SELECT COUNT(*) FROM syncs WHERE status = 'failed'"));
    }

    [Fact]
    public async Task A_store_failure_inside_the_page_transaction_rolls_the_whole_page_back()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(30).Select(a => a with { SeatsUsed = 10 }));
        // Instances, audit and part of the outbox of page 2 are written before this row fails.
        await TestPipeline.StateScalar(t.Folder.File("state.db"), """
            CREATE TRIGGER inject_failure BEFORE INSERT ON outbox WHEN NEW.account_id = 'A0016' AND NEW.kind = 'task'
            BEGIN SELECT RAISE(ABORT, 'injected failure'); END;
            SELECT 0;
            """);

        await Assert.ThrowsAnyAsync<Microsoft.Data.Sqlite.SqliteException>(() => t.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None));

        Assert.Equal(0, await t.StateScalarAsync("SELECT COUNT(*) FROM instances WHERE account_id > 'A0010'"));
        Assert.Equal(0, await t.StateScalarAsync("SELECT COUNT(*) FROM audit_log WHERE account_id > 'A0010'"));
        Assert.Equal(0, await t.StateScalarAsync("SELECT COUNT(*) FROM outbox WHERE account_id > 'A0010'"));
        Assert.Equal(10, await t.StateScalarAsync("SELECT CAST(value AS INTEGER) FROM watermarks"));
    }

    [Fact]
    public async Task After_a_failed_page_the_next_sync_resumes_from_it()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(30).Select(a => a with { SeatsUsed = 10 }));
        t.Evaluator.FailOn = "A0015";
        await Assert.ThrowsAsync<InvalidOperationException>(() => t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None));
        t.Evaluator.FailOn = null;
        t.Evaluator.Evaluated.Clear();

        var summary = await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal(20, summary.Accounts);
        Assert.Equal("A0011", t.Evaluator.Evaluated[0]);
        Assert.Equal(30, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM tasks"));
    }

    [Fact]
    public async Task Cancellation_mid_page_commits_the_pages_before_and_nothing_of_the_current_one()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(30));
        using var cancel = new CancellationTokenSource();
        t.Evaluator.CancelOn = ("A0014", cancel);

        var summary = await t.Pipeline.RunOnceAsync(SyncMode.Incremental, cancel.Token);

        Assert.Equal(SyncOutcome.Cancelled, summary.Outcome);
        Assert.Equal(10, summary.Accounts);
        Assert.Equal(10, await t.StateScalarAsync("SELECT COUNT(*) FROM instances"));
        Assert.Equal(10, await t.StateScalarAsync("SELECT CAST(value AS INTEGER) FROM watermarks"));
        Assert.Equal(1, await t.StateScalarAsync("SELECT COUNT(*) FROM syncs WHERE status = 'cancelled' AND accounts = 10"));
    }

    [Fact]
    public async Task After_a_cancelled_sync_the_next_one_evaluates_the_rest_and_nothing_twice()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(30).Select(a => a with { SeatsUsed = 10 }));
        using var cancel = new CancellationTokenSource();
        t.Evaluator.CancelOn = ("A0014", cancel);
        await t.Pipeline.RunOnceAsync(SyncMode.Incremental, cancel.Token);
        t.Evaluator.CancelOn = null;

        var summary = await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal(20, summary.Accounts);
        Assert.Equal(30, await TestCrm.ScalarAsync(t.Crm, "SELECT COUNT(*) FROM tasks"));
        Assert.Equal(30, await t.StateScalarAsync("SELECT COUNT(*) FROM audit_log"));
    }

    [Fact]
    public async Task An_impossible_record_is_quarantined_with_its_reason_and_the_rest_of_the_page_proceeds()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(10).Select(a => a.Id switch
        {
            "A0002" => a with { Seats = -4 },
            "A0005" => a with { Tier = "starter", Seats = 5, SeatsUsed = 8 },
            "A0007" => a with { HasRenewal = false },
            "A0009" => a with { Tier = "platinum" },
            _ => a,
        }));

        var summary = await t.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal(6, summary.Accounts);
        Assert.Equal(4, summary.Quarantined);
        Assert.Equal(1, await t.StateScalarAsync("SELECT COUNT(*) FROM quarantine WHERE account_id = 'A0002' AND field = 'seats' AND reason = 'negative seats (-4)'"));
        Assert.Equal(1, await t.StateScalarAsync("SELECT COUNT(*) FROM quarantine WHERE account_id = 'A0005' AND field = 'seats_used' AND reason LIKE '%allows no overage'"));
        Assert.Equal(1, await t.StateScalarAsync("SELECT COUNT(*) FROM quarantine WHERE account_id = 'A0007' AND field = 'renewal_date'"));
        Assert.Equal(1, await t.StateScalarAsync("SELECT COUNT(*) FROM quarantine WHERE account_id = 'A0009' AND field = 'tier' AND reason LIKE 'unknown tier ''platinum''%'"));
        Assert.Equal(0, await t.StateScalarAsync("SELECT COUNT(*) FROM instances WHERE account_id IN ('A0002', 'A0005', 'A0007', 'A0009')"));
    }

    [Fact]
    public async Task Overage_is_allowed_on_tiers_without_a_hard_seat_cap()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, [new AccountBuilder("A0001", Tier: "enterprise", Seats: 10, SeatsUsed: 11)]);

        var summary = await t.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal(0, summary.Quarantined);
        Assert.Equal(1, summary.Tasks);
    }

    [Fact]
    public async Task A_record_fixed_in_the_crm_leaves_the_quarantine_at_the_next_sync()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, [new AccountBuilder("A0001", Seats: -1), new AccountBuilder("A0002")]);
        await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);

        await TestCrm.ExecuteAsync(t.Crm, "UPDATE subscriptions SET seats = 10 WHERE account_id = 'A0001'");
        var summary = await t.Pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal(1, summary.Accounts);
        Assert.Equal(0, await t.StateScalarAsync("SELECT COUNT(*) FROM quarantine"));
        Assert.Equal(1, await t.StateScalarAsync("SELECT COUNT(*) FROM instances WHERE account_id = 'A0001'"));
    }

    [Fact]
    public async Task Status_shows_the_quarantine_the_last_syncs_and_the_outbox_backlog()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, [new AccountBuilder("A0001", Seats: -1), new AccountBuilder("A0002", SeatsUsed: 10)]);
        await t.Pipeline.SyncAccountsAsync(SyncMode.Full, CancellationToken.None);

        var status = await t.Store.ReadStatusAsync(5, 10, CancellationToken.None);
        var text = CrmSuite.Connector.Cli.StatusCommand.Render("state.db", status);

        Assert.Contains("A0001 A0001-S1 seats: negative seats (-1)", text, StringComparison.Ordinal);
        Assert.Contains("#1 full completed", text, StringComparison.Ordinal);
        Assert.Contains("Outbox: 2 pending", text, StringComparison.Ordinal);
    }
}
