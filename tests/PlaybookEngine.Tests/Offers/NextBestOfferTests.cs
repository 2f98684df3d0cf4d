using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.PlaybookEngine.Tests.Offers;

public sealed class NextBestOfferTests
{
    private readonly NextBestOffer _nbo = new(OfferTestData.Catalog());

    private OfferDecision Decide(Subscription subscription, UsageSnapshot usage, string industry = "software", DateOnly? declined = null)
    {
        var account = OfferTestData.Account(industry: industry);
        return _nbo.Decide(account, subscription, OfferTestData.Signals(account, subscription, usage), declined);
    }

    [Fact]
    public void No_offer_without_a_sustained_need_and_the_reason_says_why()
    {
        var decision = Decide(OfferTestData.Subscription(seatsUsed: 6), OfferTestData.Usage(active: 6, adoption: 0.4m, minUtilization: 0.6m));

        Assert.False(decision.IsOffer);
        Assert.StartsWith("no sustained need", decision.Reason);
        Assert.Contains("60%", decision.Reason);
    }

    [Fact]
    public void One_busy_day_is_not_a_need_when_the_28_day_low_is_modest()
    {
        // All 10 seats assigned today, but utilization fell to 70% within 28 days.
        var decision = Decide(OfferTestData.Subscription(seatsUsed: 10), OfferTestData.Usage(active: 9, adoption: 0.5m, minUtilization: 0.7m));

        Assert.False(decision.IsOffer);
    }

    [Fact]
    public void Sustained_seat_pressure_proposes_seats_from_active_users_with_headroom()
    {
        // 12 active users × 1.15 = 13.8 → 14 seats
        var decision = Decide(OfferTestData.Subscription(seats: 10, seatsUsed: 10), OfferTestData.Usage(active: 12, adoption: 0.5m, minUtilization: 0.95m));

        Assert.Equal("seat-expansion", decision.Offer!.Id);
        Assert.Equal(("starter", 14), (decision.TargetTier, decision.Seats));
    }

    [Fact]
    public void Outgrown_tier_with_seat_pressure_proposes_the_next_tier()
    {
        var decision = Decide(OfferTestData.Subscription(seats: 10, seatsUsed: 10), OfferTestData.Usage(active: 12, adoption: 0.9m, minUtilization: 0.95m));

        Assert.Equal("next-tier", decision.Offer!.Id);
        Assert.Equal(("professional", 14), (decision.TargetTier, decision.Seats));
    }

    [Fact]
    public void High_adoption_without_seat_pressure_proposes_a_trial_of_the_next_tier()
    {
        var decision = Decide(OfferTestData.Subscription(tier: "professional", seats: 30, seatsUsed: 20), OfferTestData.Usage(active: 20, adoption: 0.75m, minUtilization: 0.6m));

        Assert.Equal("enterprise-trial", decision.Offer!.Id);
    }

    [Fact]
    public void Outgrown_tier_near_renewal_travels_with_the_renewal()
    {
        var subscription = OfferTestData.Subscription(renewal: OfferTestData.Today.AddDays(60));

        var decision = Decide(subscription, OfferTestData.Usage(active: 12, adoption: 0.9m, minUtilization: 0.95m));

        Assert.Equal("renewal-upgrade", decision.Offer!.Id);
        Assert.Equal(14, decision.Seats); // 12 × 1.10 = 13.2 → 14
    }

    [Fact]
    public void Account_at_churn_risk_gets_no_offer_however_strong_the_need()
    {
        var usage = OfferTestData.Usage(active: 12, adoption: 0.9m, minUtilization: 0.95m, health: 35);

        var decision = Decide(OfferTestData.Subscription(), usage);

        Assert.False(decision.IsOffer);
        Assert.StartsWith("churn risk", decision.Reason);
    }

    [Fact]
    public void Quiet_period_after_a_decline_holds_back_any_offer()
    {
        var usage = OfferTestData.Usage(active: 12, adoption: 0.9m, minUtilization: 0.95m);

        var decision = Decide(OfferTestData.Subscription(), usage, declined: OfferTestData.Today.AddDays(-30));

        Assert.False(decision.IsOffer);
        Assert.StartsWith("quiet period", decision.Reason);
    }

    [Fact]
    public void Offers_resume_when_the_quiet_period_is_over()
    {
        var usage = OfferTestData.Usage(active: 12, adoption: 0.9m, minUtilization: 0.95m);

        var decision = Decide(OfferTestData.Subscription(), usage, declined: OfferTestData.Today.AddDays(-90));

        Assert.True(decision.IsOffer);
    }

    [Fact]
    public void Running_trial_gets_no_other_offer()
    {
        var subscription = OfferTestData.Subscription() with { TrialTier = "professional", TrialEnd = OfferTestData.Today.AddDays(5) };

        var decision = Decide(subscription, OfferTestData.Usage(active: 12, adoption: 0.9m, minUtilization: 0.95m));

        Assert.StartsWith("a trial is running", decision.Reason);
    }

    [Fact]
    public void Engaged_account_of_an_industry_with_a_bundle_gets_the_add_on()
    {
        var decision = Decide(OfferTestData.Subscription(seatsUsed: 7), OfferTestData.Usage(active: 7, adoption: 0.65m, minUtilization: 0.7m), industry: "healthcare");

        Assert.Equal("healthcare-bundle", decision.Offer!.Id);
    }

    [Fact]
    public void Top_tier_account_with_seat_pressure_gets_seats_not_a_tier()
    {
        var subscription = OfferTestData.Subscription(tier: "enterprise", seats: 40, seatsUsed: 40);

        var decision = Decide(subscription, OfferTestData.Usage(active: 44, adoption: 0.95m, minUtilization: 0.98m));

        Assert.Equal("seat-expansion", decision.Offer!.Id);
        Assert.Equal(51, decision.Seats); // 44 × 1.15 = 50.6 → 51
    }

    [Fact]
    public void Cancelled_subscription_gets_no_offer()
    {
        var subscription = OfferTestData.Subscription() with { Status = SubscriptionStatus.Cancelled };

        Assert.False(Decide(subscription, OfferTestData.Usage(active: 12, adoption: 0.9m, minUtilization: 0.95m)).IsOffer);
    }

    [Fact]
    public void Subscription_without_a_renewal_date_is_not_treated_as_renewing()
    {
        var subscription = OfferTestData.Subscription() with { RenewalDate = null };

        var decision = Decide(subscription, OfferTestData.Usage(active: 12, adoption: 0.9m, minUtilization: 0.95m));

        Assert.Equal("next-tier", decision.Offer!.Id);
    }
}
