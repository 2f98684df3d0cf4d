using CrmSuite.Connector.Demo;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Tests.Demo;

public sealed class DemoDataSetTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_same_seed_seeds_identical_databases()
    {
        await Seed("a.db", 500, 7);
        await Seed("b.db", 500, 7);

        Assert.Equal(await TestCrm.DumpAsync(_folder.File("a.db")), await TestCrm.DumpAsync(_folder.File("b.db")));
    }

    [Fact]
    public async Task Another_seed_seeds_different_data()
    {
        await Seed("a.db", 200, 7);
        await Seed("b.db", 200, 8);

        Assert.NotEqual(await TestCrm.DumpAsync(_folder.File("a.db")), await TestCrm.DumpAsync(_folder.File("b.db")));
    }

    [Fact]
    public void The_data_set_covers_every_segment_tier_trials_churn_and_at_risk_accounts()
    {
        var accounts = new DemoDataSet(5000, 3, AccountBuilder.Today).Accounts().ToList();
        var subscriptions = accounts.SelectMany(a => a.Subscriptions).ToList();

        Assert.Equal(3, accounts.Select(a => a.Account.Segment).Distinct().Count());
        Assert.Equal(8, accounts.Select(a => a.Account.Industry).Distinct().Count());
        Assert.True(subscriptions.Select(s => s.Tier).Distinct().Count() >= 4);
        Assert.Contains(subscriptions, s => s.Status == SubscriptionStatus.Trial);
        Assert.Contains(subscriptions, s => s.Status == SubscriptionStatus.Active && s.TrialTier is not null);
        Assert.Contains(subscriptions, s => s.Status == SubscriptionStatus.Cancelled);
        Assert.Contains(accounts, a => a.Usage.Health < 40);
    }

    [Fact]
    public void Renewals_fall_in_every_month_of_the_coming_year()
    {
        var renewals = new DemoDataSet(5000, 3, AccountBuilder.Today).Accounts()
            .SelectMany(a => a.Subscriptions)
            .Where(s => s.RenewalDate is { } r && r <= AccountBuilder.Today.AddYears(1))
            .Select(s => s.RenewalDate!.Value.Month)
            .Distinct();

        Assert.Equal(12, renewals.Count());
    }

    private async Task Seed(string file, int accounts, int seed)
    {
        await using var crm = TestCrm.Open(_folder.File(file));
        await DemoSeeder.SeedAsync(crm, new DemoDataSet(accounts, seed, AccountBuilder.Today), null, CancellationToken.None);
    }
}
