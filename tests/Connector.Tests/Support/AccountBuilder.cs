using System.Collections.Immutable;
using CrmSuite.Connector.Demo;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Tests.Support;

/// <summary>Test accounts with sensible defaults; each test states only what matters to it.</summary>
internal sealed record AccountBuilder(
    string Id,
    string Tier = "professional",
    int Seats = 10,
    int SeatsUsed = 5,
    decimal Mrr = 290m,
    SubscriptionStatus Status = SubscriptionStatus.Active,
    bool HasRenewal = true)
{
    public static readonly DateOnly Today = new(2026, 11, 24);

    public DemoAccount Build()
    {
        var account = new Account(Id, $"Account {Id}", "mid_market", "software", "adoption", "U0001", 60m);
        var subscription = new Subscription($"{Id}-S1", Id, "crmsuite", Tier, Seats, SeatsUsed, BillingPeriod.Annual, 12, Today.AddDays(-200),
            HasRenewal ? Today.AddDays(165) : null, Mrr, "USD", Status);
        var usage = new UsageSnapshot(Id, Today, SeatsUsed, 0.5m, 70, 0, 0, 30, 0.5m, 0.01m, 1);
        return new DemoAccount(account, ImmutableArray.Create(subscription), usage);
    }

    public static IEnumerable<AccountBuilder> Many(int count, int first = 1) =>
        Enumerable.Range(first, count).Select(i => new AccountBuilder($"A{i:D4}"));
}
