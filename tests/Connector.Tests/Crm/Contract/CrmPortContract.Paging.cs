using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Tests.Crm.Contract;

/// <summary>Reading accounts page by page from a watermark, with nothing changing meanwhile.</summary>
public abstract partial class CrmPortContract<TFixture>
{
    private const int PagedAccounts = 12;

    [Fact]
    public async Task An_empty_crm_reads_no_accounts()
    {
        var pages = await ReadAllAsync(null, 5);

        Assert.Equal(0, pages.Sum(p => p.Count));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Paging_from_no_watermark_returns_every_account_once_across_pages(int pageSize)
    {
        var seeded = await SeedAsync(ContractAccount.Many(PagedAccounts));

        var pages = await ReadAllAsync(null, pageSize);

        Assert.All(pages, p => Assert.InRange(p.Count, 0, pageSize));
        var read = AccountIds(pages);
        Assert.Equal(read.Count, read.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(seeded.Order(StringComparer.Ordinal), read.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(12)]
    public async Task Resuming_from_each_page_s_watermark_returns_exactly_the_accounts_of_the_later_pages(int pageSize)
    {
        await SeedAsync(ContractAccount.Many(PagedAccounts));
        var pages = await ReadAllAsync(null, pageSize);

        for (var i = 0; i < pages.Count; i++)
        {
            var rest = await ReadAllAsync(pages[i].Watermark, pageSize);
            Assert.Equal(AccountIds(pages.Skip(i + 1)).Order(StringComparer.Ordinal), AccountIds(rest).Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Reading_from_the_last_watermark_returns_nothing_when_nothing_changed(int pageSize)
    {
        await SeedAsync(ContractAccount.Many(PagedAccounts));
        var watermark = LastWatermark(await ReadAllAsync(null, pageSize), null);

        var again = await ReadAllAsync(watermark, pageSize);

        Assert.Equal(0, again.Sum(p => p.Count));
    }

    [Fact]
    public async Task Counting_changed_accounts_agrees_with_what_a_read_from_the_same_watermark_returns()
    {
        await SeedAsync(ContractAccount.Many(PagedAccounts));
        var pages = await ReadAllAsync(null, 5);
        var watermarks = new List<string?> { null };
        watermarks.AddRange(pages.Select(p => p.Watermark));

        foreach (var watermark in watermarks)
        {
            var count = await Fixture.Accounts.CountChangedAccountsAsync(watermark, Ct);
            if (count is { } n)
            {
                Assert.Equal(AccountIds(await ReadAllAsync(watermark, 5)).Count, n);
            }
        }
    }

    [Fact]
    public async Task A_read_returns_each_account_complete_with_its_subscriptions_and_usage()
    {
        var trial = new Subscription("T-S1", "T", "crmsuite", "starter", 25, 24, BillingPeriod.Monthly, 1, ContractData.Today.AddDays(-40), null,
            123.45m, "EUR", SubscriptionStatus.Trial, "professional", ContractData.Today.AddDays(9));
        var seed = new ContractAccount("T", Subscriptions: 0).Build() with
        {
            Account = new Account("T", "Tëst & Co. \"Ltd\"", "enterprise", "retail", "renewal", ContractData.CsmBen, null),
            Subscriptions = [trial, ContractData.Subscription("T-S2", "T")],
            Usage = new UsageSnapshot("T", ContractData.Today.AddDays(-1), 24, 0.875m, 91, 12, 0, null, 0.96m, -0.0125m, 0),
        };
        var bare = new ContractAccount("U", WithUsage: false).Build();
        await Fixture.SeedAsync([seed, bare], ContractData.Users);

        var pages = await ReadAllAsync(null);

        var t = Only(pages, "T");
        Assert.Equal(seed.Account, t.Account);
        Assert.Equal(ById(seed.Subscriptions), ById(t.Subscriptions));
        Assert.Equal(seed.Usage, t.Usage);
        var u = Only(pages, "U");
        Assert.Equal(bare.Account, u.Account);
        Assert.Equal(ById(bare.Subscriptions), ById(u.Subscriptions));
        Assert.Null(u.Usage);
    }

    [Fact]
    public async Task Reading_accounts_by_id_returns_them_complete_in_id_order_and_leaves_out_unknown_ids()
    {
        var seeds = ContractAccount.Many(4).Select(a => (a with { Subscriptions = 2 }).Build()).ToList();
        await Fixture.SeedAsync(seeds, ContractData.Users);

        var read = await Fixture.Accounts.ReadAccountsAsync(["C003", "NOPE", "C001"], Ct);

        Assert.Equal(["C001", "C003"], read.Select(r => r.Account.Id));
        foreach (var record in read)
        {
            var seed = seeds.Single(s => s.Account.Id == record.Account.Id);
            Assert.Equal(seed.Account, record.Account);
            Assert.Equal(ById(seed.Subscriptions), ById(record.Subscriptions));
            Assert.Equal(seed.Usage, record.Usage);
        }
    }

    [Fact]
    public async Task Reading_users_returns_the_seeded_users()
    {
        await SeedAsync(ContractAccount.Many(2));

        var users = new List<Connector.Crm.CrmUser>();
        await foreach (var user in Fixture.Accounts.ReadUsersAsync(Ct))
        {
            users.Add(user);
        }

        Assert.Equal(ContractData.Users.OrderBy(u => u.Id, StringComparer.Ordinal), users.OrderBy(u => u.Id, StringComparer.Ordinal));
    }
}
