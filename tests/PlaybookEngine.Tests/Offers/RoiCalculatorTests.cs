using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.PlaybookEngine.Tests.Offers;

public sealed class RoiCalculatorTests
{
    // Today 150.00 a month; proposed 459.00 a month.
    private static readonly ProposalFigures Figures =
        new(BillingPeriod.Monthly, new Money(150.00m, "USD"), BillingPeriod.Monthly, new Money(459.00m, "USD"));

    private readonly PriceBook _book = OfferTestData.Book();

    private (RoiEstimate? Estimate, string? Missing) Estimate(decimal? hourlyCost, string segment = "smb", bool withUsage = true) =>
        RoiCalculator.Estimate(
            OfferTestData.Account(segment, hourlyCost: hourlyCost),
            OfferTestData.Subscription(tier: "starter", seats: 10, mrr: 150m),
            withUsage ? OfferTestData.Usage(active: 10, adoption: 0.8m) : null,
            _book, _book.FindTier("starter")!, _book.FindTier("professional")!, 12,
            // Today 150.00 a month; proposed 12 seats × 38.25 = 459.00 a month (5,508.00 a year).
            new ProposalFigures(BillingPeriod.Monthly, new Money(150.00m, "USD"), BillingPeriod.Monthly, new Money(459.00m, "USD")));

    [Fact]
    public void Estimate_uses_the_account_numbers_and_shows_the_payback()
    {
        // users 10 before and after (10 active, seats 10 → 12); hours/week 10 × 2.5 − 10 × 0.5 = 20
        // × 46 weeks × 0.8 adoption = 736.0 h; × 50.00 = 36,800.00 value
        // cost 5,508.00 − 150.00 × 12 = 3,708.00; net 33,092.00; payback ⌈3,708 × 12 / 36,800 × 10⌉ / 10 = 1.3 months
        var roi = Estimate(50m).Estimate!;

        Assert.Equal(736.0m, roi.HoursSavedPerYear);
        Assert.Equal(36800.00m, roi.AnnualValue.Amount);
        Assert.Equal(3708.00m, roi.AnnualIncrementalCost.Amount);
        Assert.Equal(33092.00m, roi.NetBenefit.Amount);
        Assert.Equal(1.3m, roi.PaybackMonths);
    }

    [Fact]
    public void Every_input_is_listed_as_an_assumption_with_its_source()
    {
        var roi = Estimate(50m).Estimate!;

        Assert.Contains(roi.Assumptions, a => a.Name == "Hourly cost of a user" && a.Source == "your own figure" && !a.IsEstimate);
        Assert.Contains(roi.Assumptions, a => a.Name == "Working weeks per year" && a.Value == "46");
        Assert.Contains(roi.Assumptions, a => a.Name == "Realization" && a.Value == "80%");
        Assert.Contains(roi.Assumptions, a => a.Name == "Active users" && a.Value == "10");
    }

    [Fact]
    public void Segment_default_hourly_cost_is_used_when_the_account_has_none()
    {
        // 736.0 h × 40.00 (smb default) = 29,440.00
        var roi = Estimate(null).Estimate!;

        Assert.Equal(29440.00m, roi.AnnualValue.Amount);
        Assert.Contains(roi.Assumptions, a => a.Name == "Hourly cost of a user" && a.IsEstimate
            && a.Source == "estimate: CrmSuite price book, typical cost for smb companies");
    }

    [Fact]
    public void Without_any_hourly_cost_no_estimate_is_made_and_the_reason_is_given()
    {
        var (roi, missing) = Estimate(null, segment: "enterprise");

        Assert.Null(roi);
        Assert.Contains("no figure for the cost of an hour", missing);
    }

    [Fact]
    public void Without_usage_data_realization_is_the_stated_default()
    {
        // active = seats used 10; 20 h/week × 46 × 0.5 = 460.0 h
        var roi = Estimate(50m, withUsage: false).Estimate!;

        Assert.Equal(460.0m, roi.HoursSavedPerYear);
        Assert.Contains(roi.Assumptions, a => a.Name == "Realization" && a.IsEstimate && a.Source.Contains("assumed", StringComparison.Ordinal));
    }

    [Fact]
    public void Conservative_case_counts_half_the_value_and_has_its_own_payback()
    {
        // value 36,800.00 → conservative 18,400.00; net 18,400.00 − 3,708.00 = 14,692.00;
        // payback ⌈3,708 × 12 / 18,400 × 10⌉ / 10 = ⌈24.18⌉ / 10 = 2.5 months (the estimate's is 1.3)
        var roi = Estimate(50m).Estimate!;

        Assert.Equal(18400.00m, roi.ConservativeAnnualValue.Amount);
        Assert.Equal(14692.00m, roi.ConservativeNetBenefit.Amount);
        Assert.Equal(2.5m, roi.ConservativePaybackMonths);
    }

    [Fact]
    public void Price_book_inputs_are_labelled_as_estimates_and_the_account_figures_are_not()
    {
        var roi = Estimate(50m).Estimate!;

        Assert.All(roi.Assumptions.Where(a => a.Name.StartsWith("Hours saved per user per week", StringComparison.Ordinal) || a.Name == "Working weeks per year"),
            a => Assert.True(a.IsEstimate && a.Source.StartsWith("estimate: CrmSuite price book", StringComparison.Ordinal), a.ToString()));
        Assert.All(roi.Assumptions.Where(a => a.Name is "Active users" or "Users benefiting" or "Realization" or "What you pay today per year"),
            a => Assert.False(a.IsEstimate, a.ToString()));
    }

    [Fact]
    public void Added_cost_is_the_proposal_difference_per_year_not_a_second_computation()
    {
        // MRR 150.004 rounds once to 150.00 a month; the ROI takes the figures' 12 × (459.00 − 150.00) = 3,708.00.
        var figures = new ProposalFigures(BillingPeriod.Monthly, new Money(150.00m, "USD"), BillingPeriod.Monthly, new Money(459.00m, "USD"));

        var roi = RoiCalculator.Estimate(
            OfferTestData.Account(hourlyCost: 50m), OfferTestData.Subscription(tier: "starter", seats: 10, mrr: 150.004m), OfferTestData.Usage(active: 10, adoption: 0.8m),
            _book, _book.FindTier("starter")!, _book.FindTier("professional")!, 12, figures).Estimate!;

        Assert.Equal(figures.DifferencePerYear, roi.AnnualIncrementalCost);
    }
    [Fact]
    public void Users_benefiting_are_active_users_capped_by_the_seats_before_and_after()
    {
        // 15 active, 10 seats today, 12 proposed: 12 × 2.5 − 10 × 0.5 = 25 h/week; × 46 × 0.8 = 920.0 h
        var roi = RoiCalculator.Estimate(
            OfferTestData.Account(hourlyCost: 50m), OfferTestData.Subscription(tier: "starter", seats: 10), OfferTestData.Usage(active: 15, adoption: 0.8m),
            _book, _book.FindTier("starter")!, _book.FindTier("professional")!, 12, Figures).Estimate!;

        Assert.Equal(920.0m, roi.HoursSavedPerYear);
        Assert.Contains(roi.Assumptions, a => a.Name == "Users benefiting" && a.Value == "10 today, 12 after");
    }

    [Fact]
    public void An_add_on_adds_the_sum_of_its_own_hours_to_the_current_tier()
    {
        // professional → professional + bundle (0.5 + 0.25 h), 10 users: 10 × (2.5 + 0.75) − 10 × 2.5 = 7.5 h/week; × 46 × 0.8 = 276.0 h
        var professional = _book.FindTier("professional")!;
        var bundle = OfferTestData.Catalog().Find("healthcare-bundle")! with
        {
            ValueDrivers = [new("Compliance", 0.5m, "consent"), new("Audit trail", 0.25m, "exports")],
        };

        var roi = RoiCalculator.Estimate(
            OfferTestData.Account(hourlyCost: 50m), OfferTestData.Subscription(tier: "professional", seats: 10), OfferTestData.Usage(active: 10, adoption: 0.8m),
            _book, professional, professional, 10, Figures, bundle).Estimate!;

        Assert.Equal(276.0m, roi.HoursSavedPerYear);
        Assert.Contains(roi.Assumptions, a => a.Name == "Hours saved per user per week by Healthcare bundle" && a.Value == "0.75"
            && a.Source == "estimate: CrmSuite price book, Compliance 0.5 h; Audit trail 0.25 h" && a.IsEstimate);
        Assert.Single(roi.Assumptions, a => a.Name.StartsWith("Hours saved per user per week on", StringComparison.Ordinal));
    }

    [Fact]
    public void Active_users_name_their_source_the_usage_snapshot_or_the_seats_assigned()
    {
        var withUsage = Estimate(50m).Estimate!;
        var withoutUsage = Estimate(50m, withUsage: false).Estimate!;

        Assert.Contains(withUsage.Assumptions, a => a.Name == "Active users" && a.Source == "active in the 30 days to 2026-11-23");
        Assert.Contains(withoutUsage.Assumptions, a => a.Name == "Active users" && a.Source == "seats assigned (no usage data)");
        Assert.Contains(withUsage.Assumptions, a => a.Name == "Realization" && a.Source == "your team's feature adoption over 30 days" && !a.IsEstimate);
        Assert.Contains(withUsage.Assumptions, a => a.Name == "What you pay today per year" && a.Value == "1,800.00 USD" && a.Source == "your current subscription");
    }

    [Fact]
    public void A_tier_without_value_drivers_counts_no_time_saved_and_says_so()
    {
        var roi = RoiCalculator.Estimate(
            OfferTestData.Account(hourlyCost: 50m), OfferTestData.Subscription(tier: "free", seats: 10), OfferTestData.Usage(active: 10, adoption: 0.8m),
            _book, _book.FindTier("free")!, _book.FindTier("starter")!, 10, Figures).Estimate!;

        Assert.Contains(roi.Assumptions, a => a.Name == "Hours saved per user per week on free" && a.Value == "0"
            && a.Source == "estimate: CrmSuite price book, no time saved counted");
        Assert.Contains(roi.Assumptions, a => a.Name == "Hours saved per user per week on starter"
            && a.Source == "estimate: CrmSuite price book, Shared pipelines 0.5 h");
    }
}
