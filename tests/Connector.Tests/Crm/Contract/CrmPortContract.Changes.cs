namespace CrmSuite.Connector.Tests.Crm.Contract;

/// <summary>Incremental reads: what a change, a move or a deletion in the CRM makes the next read from a watermark return.</summary>
public abstract partial class CrmPortContract<TFixture>
{
    [Fact]
    public async Task An_incremental_read_returns_only_the_accounts_changed_since_the_watermark()
    {
        await SeedAsync(ContractAccount.Many(6));
        var watermark = await CatchUpAsync();
        await Fixture.TouchAccountAsync("C002");
        await Fixture.UpsertUsageAsync(ContractData.Usage("C005", health: 20));

        var pages = await ReadAllAsync(watermark);

        Assert.Equal(["C002", "C005"], AccountIds(pages).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_incremental_read_returns_changed_accounts_oldest_change_first()
    {
        await SeedAsync(ContractAccount.Many(4));
        var watermark = await CatchUpAsync();
        await Fixture.TouchAccountAsync("C003");
        await Fixture.TouchAccountAsync("C001");
        await Fixture.TouchAccountAsync("C004");

        var pages = await ReadAllAsync(watermark, 2);

        Assert.Equal(["C003", "C001", "C004"], AccountIds(pages));
    }

    [Fact]
    public async Task A_change_to_an_account_shows_in_the_next_incremental_read_with_the_new_values()
    {
        await SeedAsync(ContractAccount.Many(3));
        var watermark = await CatchUpAsync();

        var changed = await Fixture.TouchAccountAsync("C002");

        Assert.NotEqual("Account C002", changed.Name);
        Assert.Equal(changed, Only(await ReadAllAsync(watermark), "C002").Account);
    }

    [Fact]
    public async Task A_change_to_a_subscription_shows_in_the_next_incremental_read_with_the_new_values()
    {
        await SeedAsync(ContractAccount.Many(3));
        var watermark = await CatchUpAsync();
        var changed = ContractData.Subscription("C002-S1", "C002", seats: 50, seatsUsed: 48) with { Tier = "enterprise", Mrr = 1450m };

        await Fixture.UpsertSubscriptionAsync(changed);

        Assert.Equal([changed], Only(await ReadAllAsync(watermark), "C002").Subscriptions.AsEnumerable());
    }

    [Fact]
    public async Task A_new_subscription_on_an_account_shows_in_the_next_incremental_read()
    {
        await SeedAsync(ContractAccount.Many(3));
        var watermark = await CatchUpAsync();
        var added = ContractData.Subscription("C003-S2", "C003") with { Product = "crmsuite-analytics" };

        await Fixture.UpsertSubscriptionAsync(added);

        Assert.Equal(["C003-S1", "C003-S2"], Only(await ReadAllAsync(watermark), "C003").Subscriptions.Select(s => s.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_change_to_usage_shows_in_the_next_incremental_read_with_the_new_values()
    {
        await SeedAsync(ContractAccount.Many(3));
        var watermark = await CatchUpAsync();
        var usage = ContractData.Usage("C001", health: 15) with { OpenTickets = 9, Nps = -20 };

        await Fixture.UpsertUsageAsync(usage);

        Assert.Equal(usage, Only(await ReadAllAsync(watermark), "C001").Usage);
    }

    [Fact]
    public async Task A_subscription_moved_to_another_account_is_a_change_of_both_accounts()
    {
        await SeedAsync(new ContractAccount("FROM", Subscriptions: 2), new ContractAccount("TO"), new ContractAccount("OTHER"));
        var watermark = await CatchUpAsync();

        await Fixture.MoveSubscriptionAsync("FROM-S2", "TO");

        var pages = await ReadAllAsync(watermark);
        Assert.Equal(["FROM", "TO"], AccountIds(pages).Order(StringComparer.Ordinal));
        Assert.Equal(["FROM-S1"], Only(pages, "FROM").Subscriptions.Select(s => s.Id));
        Assert.Equal(
            [("FROM-S2", "TO"), ("TO-S1", "TO")],
            ById(Only(pages, "TO").Subscriptions).Select(s => (s.Id, s.AccountId)));
    }

    [Fact]
    public async Task A_deleted_account_appears_once_in_the_deleted_ids_of_the_next_read_and_not_among_its_accounts()
    {
        await SeedAsync(ContractAccount.Many(3));
        var watermark = await CatchUpAsync();

        await Fixture.DeleteAccountAsync("C002");

        var pages = await ReadAllAsync(watermark, 1);
        Assert.Equal(["C002"], DeletedIds(pages));
        Assert.DoesNotContain("C002", AccountIds(pages));
    }

    [Fact]
    public async Task A_deleted_account_is_not_reported_again_by_the_read_after_the_one_that_reported_it()
    {
        await SeedAsync(ContractAccount.Many(3));
        var watermark = await CatchUpAsync();
        await Fixture.DeleteAccountAsync("C002");
        watermark = await CatchUpAsync(watermark);

        var pages = await ReadAllAsync(watermark);

        Assert.Equal(0, pages.Sum(p => p.Count));
    }

    [Fact]
    public async Task A_deleted_account_is_left_out_of_reads_by_id_and_of_full_reads()
    {
        await SeedAsync(ContractAccount.Many(3));
        await Fixture.DeleteAccountAsync("C002");

        var byId = await Fixture.Accounts.ReadAccountsAsync(["C001", "C002", "C003"], Ct);
        var full = await ReadAllAsync(null);

        Assert.Equal(["C001", "C003"], byId.Select(r => r.Account.Id));
        Assert.Equal(["C001", "C003"], AccountIds(full).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_account_s_contact_history_lists_the_days_its_proposals_were_issued()
    {
        await SeedAsync(ContractAccount.Many(2));
        await Fixture.Writer.UpsertAsync(ContractData.Batch(
            ContractData.Proposal("P1", "C001", issuedOn: ContractData.Today.AddDays(-30)),
            ContractData.Proposal("P2", "C001", state: "Offer", issuedOn: ContractData.Today.AddDays(-2))), Ct);

        var read = await Fixture.Accounts.ReadAccountsAsync(["C001", "C002"], Ct);

        Assert.Equal([ContractData.Today.AddDays(-30), ContractData.Today.AddDays(-2)], read[0].History.UpgradePromptDays.Order());
        Assert.Empty(read[1].History.UpgradePromptDays);
    }
}
