using CrmSuite.Connector.Accounts;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Tests.Sync;

public sealed class PrimarySubscriptionTests
{
    private static readonly Subscription Base = new AccountBuilder("A1").Build().Subscriptions[0];

    [Fact]
    public void The_running_licence_with_the_highest_mrr_is_the_one_evaluated()
    {
        var small = Base with { Id = "S1", Mrr = 100m };
        var big = Base with { Id = "S2", Mrr = 900m };
        var cancelled = Base with { Id = "S3", Mrr = 5000m, Status = SubscriptionStatus.Cancelled };

        Assert.Equal("S2", PrimarySubscription.Choose([small, cancelled, big])!.Id);
    }

    [Fact]
    public void Without_a_running_licence_the_latest_started_one_is_evaluated()
    {
        var old = Base with { Id = "S1", Status = SubscriptionStatus.Cancelled, StartDate = new DateOnly(2020, 1, 1) };
        var recent = Base with { Id = "S2", Status = SubscriptionStatus.Cancelled, StartDate = new DateOnly(2024, 1, 1) };

        Assert.Equal("S2", PrimarySubscription.Choose([old, recent])!.Id);
    }
}
