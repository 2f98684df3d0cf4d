using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.PlaybookEngine.Tests.Offers;

public sealed class PricePathTests
{
    private readonly PricePath _path = OfferTestData.Calculator().PricePath("professional", 10, "USD");

    [Fact]
    public void Path_offers_monthly_annual_and_each_multi_year_term_side_by_side()
    {
        Assert.Equal(["Monthly", "Annual", "2 years, billed annually", "3 years, billed annually"], _path.Options.Select(o => o.Label));
    }

    [Fact]
    public void Monthly_option_saves_nothing_over_itself()
    {
        Assert.Equal(5400.00m, _path.Monthly.Quote.AnnualCost.Amount);
        Assert.Equal(0m, _path.Monthly.SavingPerYear.Amount);
    }

    [Fact]
    public void Annual_option_shows_its_saving_over_monthly()
    {
        // 5,400.00 − 4,590.00 = 810.00 a year, 15%
        var annual = _path.Options[1];

        Assert.Equal(810.00m, annual.SavingPerYear.Amount);
        Assert.Equal(0.15m, annual.SavingRate);
    }

    [Fact]
    public void Multi_year_options_show_saving_per_year_and_over_the_term()
    {
        // 2 years: 36.34 × 120 = 4,360.80; saving 1,039.20 a year (19.24%), 2,078.40 over the term
        // 3 years: 34.42 × 120 = 4,130.40; saving 1,269.60 a year (23.51%), 3,808.80 over the term
        var two = _path.Options[2];
        var three = _path.Options[3];

        Assert.Equal(1039.20m, two.SavingPerYear.Amount);
        Assert.Equal(2078.40m, two.SavingOverTerm.Amount);
        Assert.Equal(0.1924m, two.SavingRate);
        Assert.Equal(1269.60m, three.SavingPerYear.Amount);
        Assert.Equal(3808.80m, three.SavingOverTerm.Amount);
        Assert.Equal(0.2351m, three.SavingRate);
    }

    [Fact]
    public void Free_tier_path_has_no_saving_and_no_division_by_zero()
    {
        var path = OfferTestData.Calculator().PricePath("free", 3, "USD");

        Assert.All(path.Options, o => Assert.Equal(0m, o.SavingRate));
    }
}
