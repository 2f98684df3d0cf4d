using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.PlaybookEngine.Tests.Offers;

public sealed class ProposalValidityTests
{
    private static readonly DateOnly Today = OfferTestData.Today;
    private static readonly Offer NextTier = OfferTestData.Catalog().Offers.Single(o => o.Id == "next-tier");        // valid_days 30 (default)
    private static readonly Offer Renewal = OfferTestData.Catalog().Offers.Single(o => o.Id == "renewal-upgrade"); // valid_days 60

    [Fact]
    public void Playbook_valid_days_win_over_the_offer_valid_days()
    {
        Assert.Equal(Today.AddDays(45), ProposalValidity.Until(Renewal, Today, 45, null));
    }

    [Fact]
    public void Without_playbook_valid_days_the_offer_valid_days_apply()
    {
        Assert.Equal(Today.AddDays(60), ProposalValidity.Until(Renewal, Today, null, null));
        Assert.Equal(Today.AddDays(30), ProposalValidity.Until(NextTier, Today, null, null));
    }

    [Fact]
    public void Validity_never_outlasts_the_offer()
    {
        var ending = NextTier with { Effective = new EffectivePeriod(new DateOnly(2026, 1, 1), Today.AddDays(10)) };

        Assert.Equal(Today.AddDays(10), ProposalValidity.Until(ending, Today, 45, null));
    }

    [Fact]
    public void Renewal_upgrade_validity_stops_at_the_renewal_date_other_offers_do_not()
    {
        Assert.Equal(Today.AddDays(20), ProposalValidity.Until(Renewal, Today, 45, Today.AddDays(20)));
        Assert.Equal(Today.AddDays(45), ProposalValidity.Until(NextTier, Today, 45, Today.AddDays(20)));
    }

    [Fact]
    public void A_renewal_date_already_past_does_not_cut_the_validity()
    {
        Assert.Equal(Today.AddDays(45), ProposalValidity.Until(Renewal, Today, 45, Today.AddDays(-1)));
    }

    [Fact]
    public void Valid_days_below_one_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProposalValidity.Until(NextTier, Today, 0, null));
    }
}
