using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Sync;

public sealed class MrrTrackerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_paying_subscription_seen_first_is_new_mrr_on_its_start_date()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, [new AccountBuilder("A0001", Mrr: 290m)]);

        await t.Pipeline.SyncAccountsAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal(1, await t.StateScalarAsync("SELECT COUNT(*) FROM mrr_ledger WHERE movement = 'new' AND day = '2026-05-08' AND mrr_after = '290' AND delta = '290'"));
    }

    [Theory]
    [InlineData("UPDATE subscriptions SET mrr = '350', seats = 12", "expansion", "60")]
    [InlineData("UPDATE subscriptions SET mrr = '200', seats = 7", "contraction", "-90")]
    [InlineData("UPDATE subscriptions SET status = 'cancelled', renewal_date = NULL", "churn", "-290")]
    public async Task A_change_of_mrr_is_recorded_as_its_movement_on_the_day_it_is_seen(string change, string movement, string delta)
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, [new AccountBuilder("A0001", Mrr: 290m)]);
        await t.Pipeline.SyncAccountsAsync(SyncMode.Incremental, CancellationToken.None);

        await TestCrm.ExecuteAsync(t.Crm, change);
        await t.Pipeline.SyncAccountsAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal(1, await t.StateScalarAsync($"SELECT COUNT(*) FROM mrr_ledger WHERE movement = '{movement}' AND day = '2026-11-24' AND delta = '{delta}'"));
    }

    [Fact]
    public async Task A_cancelled_subscription_that_pays_again_is_a_reactivation()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, [new AccountBuilder("A0001", Mrr: 290m)]);
        await t.Pipeline.SyncAccountsAsync(SyncMode.Incremental, CancellationToken.None);
        await TestCrm.ExecuteAsync(t.Crm, "UPDATE subscriptions SET status = 'cancelled', renewal_date = NULL");
        await t.Pipeline.SyncAccountsAsync(SyncMode.Incremental, CancellationToken.None);

        await TestCrm.ExecuteAsync(t.Crm, "UPDATE subscriptions SET status = 'active', renewal_date = '2027-11-24'");
        await t.Pipeline.SyncAccountsAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal(1, await t.StateScalarAsync("SELECT COUNT(*) FROM mrr_ledger WHERE movement = 'reactivation' AND delta = '290'"));
    }

    [Fact]
    public async Task A_full_sync_of_unchanged_subscriptions_records_no_movement()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(5));
        await t.Pipeline.SyncAccountsAsync(SyncMode.Full, CancellationToken.None);

        await t.Pipeline.SyncAccountsAsync(SyncMode.Full, CancellationToken.None);

        Assert.Equal(5, await t.StateScalarAsync("SELECT COUNT(*) FROM mrr_ledger"));
    }

    [Fact]
    public async Task A_license_moved_to_another_account_re_evaluates_both_and_is_not_booked_as_new_again()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(30));
        await TestCrm.ExecuteAsync(t.Crm, """
            INSERT INTO subscriptions (id, account_id, product, tier, seats, seats_used, billing_period, term_months, start_date, renewal_date, mrr, currency, status)
            VALUES ('A0004-S2', 'A0004', 'crmsuite-analytics', 'professional', 5, 2, 'annual', 12, '2026-01-01', '2027-01-01', '45', 'USD', 'active')
            """);
        await t.Pipeline.SyncAccountsAsync(SyncMode.Incremental, CancellationToken.None);
        t.Evaluator.Evaluated.Clear();
        var booked = await t.StateScalarAsync("SELECT COUNT(*) FROM mrr_ledger");

        await TestCrm.ExecuteAsync(t.Crm, "UPDATE subscriptions SET account_id = 'A0025' WHERE id = 'A0004-S1'");
        await t.Pipeline.SyncAccountsAsync(SyncMode.Incremental, CancellationToken.None);

        Assert.Equal(["A0004", "A0025"], t.Evaluator.Evaluated.Order(StringComparer.Ordinal));
        Assert.Equal(booked, await t.StateScalarAsync("SELECT COUNT(*) FROM mrr_ledger"));
        Assert.Equal(1, await t.StateScalarAsync("SELECT COUNT(*) FROM mrr_ledger WHERE subscription_id = 'A0004-S1'"));
        Assert.Equal(1, await t.StateScalarAsync("SELECT COUNT(*) FROM mrr_snapshots WHERE subscription_id = 'A0004-S1' AND account_id = 'A0025'"));
    }
}
