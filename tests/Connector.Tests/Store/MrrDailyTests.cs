using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Store;

public sealed class MrrDailyTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_daily_snapshot_totals_paying_mrr_per_currency_and_a_rerun_replaces_the_day()
    {
        await using var t = await TestPipeline.CreateAsync(_folder);
        await TestCrm.WriteAsync(t.Crm, AccountBuilder.Many(4));
        await t.Pipeline.RunOnceAsync(SyncMode.Full, CancellationToken.None);
        var day = new DateOnly(2026, 11, 24);

        var first = await t.Store.SnapshotMrrAsync(day, CancellationToken.None);
        var again = await t.Store.SnapshotMrrAsync(day, CancellationToken.None);

        var total = Assert.Single(first);
        Assert.Equal(4, total.PayingAccounts);
        Assert.Equal("USD", total.Currency);
        Assert.Equal(4 * 290m, total.Mrr);
        Assert.Equal(first, again);
        Assert.Equal(1, await t.StateScalarAsync("SELECT COUNT(*) FROM mrr_daily WHERE day = '2026-11-24'"));
    }
}
