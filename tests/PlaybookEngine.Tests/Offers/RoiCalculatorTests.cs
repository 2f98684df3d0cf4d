using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.PlaybookEngine.Tests.Offers;

public sealed class RoiCalculatorTests
{
    private readonly PriceBook _book = OfferTestData.Book();

    private (RoiEstimate? Estimate, string? Missing) Estimate(decimal? hourlyCost, string segment = "smb", bool withUsage = true) =>
        RoiCalculator.Estimate(
            OfferTestData.Account(segment, hourlyCost: hourlyCost),
            OfferTestData.Subscription(tier: "starter", seats: 10, mrr: 150m),
            withUsage ? OfferTestData.Usage(active: 10, adoption: 0.8m) : null,
            _book, _book.FindTier("starter")!, _book.FindTier("professional")!, 12, new Money(5508.00m, "USD"));

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

        Assert.Contains(roi.Assumptions, a => a.Name == "Hourly cost of a user" && a.Source == "the account's own figure");
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
        Assert.Contains(roi.Assumptions, a => a.Source.Contains("default for segment smb", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_any_hourly_cost_no_estimate_is_made_and_the_reason_is_given()
    {
        var (roi, missing) = Estimate(null, segment: "enterprise");

        Assert.Null(roi);
        Assert.Contains("no hourly cost", missing);
    }

    [Fact]
    public void Without_usage_data_realization_is_the_stated_default()
    {
        // active = seats used 10; 20 h/week × 46 × 0.5 = 460.0 h
        var roi = Estimate(50m, withUsage: false).Estimate!;

        Assert.Equal(460.0m, roi.HoursSavedPerYear);
        Assert.Contains(roi.Assumptions, a => a.Name == "Realization" && a.Source.Contains("assumed", StringComparison.Ordinal));
    }
}
