using System.Collections.Frozen;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.PlaybookEngine.Tests.Offers;

/// <summary>docs/offers.md, "Quotes", "Proration" and "ROI": the rules at their thresholds.</summary>
public sealed class PricingRuleEdgeTests
{
    private readonly PriceCalculator _calculator = OfferTestData.Calculator();

    private Quote Quote(int years, int tenure, BillingPeriod billing = BillingPeriod.Annual) =>
        _calculator.Quote(new QuoteRequest("professional", 10, billing, years, "USD", tenure));

    [Fact]
    public void Loyalty_is_earned_at_exactly_the_minimum_term_and_the_minimum_tenure()
    {
        // 45.00 − 15% (6.75) = 38.25; − 5% (1.9125 → 1.91) = 36.34; − 3% (1.0902 → 1.09) = 35.25
        var q = Quote(years: 2, tenure: 12);

        var loyalty = Assert.Single(q.Lines, l => l.Label == "Loyalty incentive");
        Assert.Equal((-1.09m, 0.03m), (loyalty.PerSeatPerMonth.Amount, loyalty.Rate));
        Assert.Equal("customer for 12+ months committing to 2+ years", loyalty.Rule);
        Assert.Equal(35.25m, q.NetPerSeatPerMonth.Amount);
    }

    [Fact]
    public void A_term_discount_line_names_its_term()
    {
        var term = Assert.Single(Quote(years: 2, tenure: 0).Lines, l => l.Label == "Term discount");

        Assert.Equal((-1.91m, 0.05m, "2-year term"), (term.PerSeatPerMonth.Amount, term.Rate, term.Rule));
    }

    [Fact]
    public void A_volume_discount_line_names_its_band()
    {
        var q = _calculator.Quote(new QuoteRequest("professional", 60, BillingPeriod.Monthly, 1, "USD"));

        var volume = Assert.Single(q.Lines, l => l.Label == "Volume discount");
        Assert.Equal((-2.25m, 0.05m, "volume band 50-249 seats"), (volume.PerSeatPerMonth.Amount, volume.Rate, volume.Rule));
        Assert.Equal("volume band 250+ seats", Assert.Single(
            _calculator.Quote(new QuoteRequest("professional", 300, BillingPeriod.Monthly, 1, "USD")).Lines, l => l.Label == "Volume discount").Rule);
    }

    [Fact]
    public void The_anchor_line_is_the_tier_list_price_per_seat_per_month()
    {
        // The test book gives its tiers no title, so the label uses the tier name.
        var anchor = Quote(years: 1, tenure: 0, BillingPeriod.Monthly).Lines[0];

        Assert.Equal((QuoteLineKind.Anchor, "professional list price", 45.00m, 0m),
            (anchor.Kind, anchor.Label, anchor.PerSeatPerMonth.Amount, anchor.Rate));
    }

    [Fact]
    public void An_add_on_is_a_second_anchor_line_named_after_it()
    {
        var addOn = OfferTestData.Catalog().Find("healthcare-bundle");
        var q = _calculator.Quote(new QuoteRequest("professional", 10, BillingPeriod.Monthly, 1, "USD", 0, addOn));

        var line = q.Lines[1];
        Assert.Equal((QuoteLineKind.Anchor, "Healthcare bundle list price", 8.00m, "add-on list price per seat per month"),
            (line.Kind, line.Label, line.PerSeatPerMonth.Amount, line.Rule));
    }

    [Fact]
    public void A_discount_rule_at_0_percent_adds_no_line()
    {
        var book = OfferTestData.Parse(
            OfferTestData.PriceBookText.Replace("annual_discount: 15%", "annual_discount: 0%", StringComparison.Ordinal)
                .Replace("discount: 3% }", "discount: 0% }", StringComparison.Ordinal), "pricebook.md").PriceBook!;

        var q = new PriceCalculator(book).Quote(new QuoteRequest("professional", 10, BillingPeriod.Annual, 3, "USD", 36));

        Assert.Equal(["professional list price", "Term discount"], q.Lines.Select(l => l.Label));
        Assert.Equal(40.50m, q.NetPerSeatPerMonth.Amount);
    }

    [Fact]
    public void A_term_below_one_year_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Quote(years: 0, tenure: 0));
    }

    [Fact]
    public void An_add_on_without_a_price_in_the_quote_currency_is_refused()
    {
        var addOn = OfferTestData.Catalog().Find("healthcare-bundle")!;
        var usdOnly = addOn with { AddOnPrices = new Dictionary<string, decimal> { ["USD"] = 8m }.ToFrozenDictionary() };

        var error = Assert.Throws<ArgumentException>(() =>
            _calculator.Quote(new QuoteRequest("professional", 10, BillingPeriod.Monthly, 1, "JPY", 0, usdOnly)));
        Assert.Contains("has no price in JPY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_saving_rate_of_a_price_path_option_is_rounded_to_4_decimals()
    {
        // Monthly 45.00 × 7 × 12 = 3,780.00 a year; 2 years annual 36.34 × 7 × 12 = 3,052.56; saving 727.44 = 0.19244…
        var path = _calculator.PricePath("professional", 7, "USD");

        var twoYears = Assert.Single(path.Options, o => o.Label == "2 years, billed annually");
        Assert.Equal(727.44m, twoYears.SavingPerYear.Amount);
        Assert.Equal(1454.88m, twoYears.SavingOverTerm.Amount);
        Assert.Equal(0.1924m, twoYears.SavingRate);
    }

    [Fact]
    public void Changing_from_annual_to_monthly_restarts_the_cycle_and_next_bills_a_month_later()
    {
        // Annual from 2026-01-10: period 2026-01-10 .. 2027-01-10 (365 days); change 2026-11-25 leaves 46 days.
        // Credit 1,200.00 × 46/365 = 151.23; charge a full month, 450.00; next bill 2026-12-25.
        var current = OfferTestData.Subscription(billing: BillingPeriod.Annual, mrr: 100m, start: new DateOnly(2026, 1, 10));

        var p = ProrationCalculator.Prorate(current, Quote(years: 1, tenure: 0, BillingPeriod.Monthly), new DateOnly(2026, 11, 25));

        Assert.True(p.CycleRestarts);
        Assert.Equal((365, 46), (p.DaysInPeriod, p.DaysRemaining));
        Assert.Equal(151.23m, p.Credit.Amount);
        Assert.Equal(450.00m, p.Charge.Amount);
        Assert.Equal(new DateOnly(2026, 12, 25), p.NextBillingDate);
    }

    [Theory]
    [InlineData("0", "100", "0")]       // the cost does not rise: paid back at once
    [InlineData("-50", "100", "0")]
    [InlineData("0", "0", "0")]         // no value, but nothing to pay back either
    [InlineData("100", "0", null)]      // no value: never paid back
    [InlineData("100", "1200", "1")]    // exactly one month of value
    [InlineData("101", "1200", "1.1")]  // 1.01 months rounds up to 1.1
    public void Payback_is_months_of_value_rounded_up_to_a_tenth(string incremental, string value, string? months) =>
        Assert.Equal(months is null ? null : decimal.Parse(months, System.Globalization.CultureInfo.InvariantCulture),
            RoiCalculator.Payback(new Money(decimal.Parse(incremental, System.Globalization.CultureInfo.InvariantCulture), "USD"),
                new Money(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), "USD")));

    [Fact]
    public void Subtracting_amounts_of_different_currencies_throws()
    {
        Assert.Throws<InvalidOperationException>(() => new Money(1m, "USD") - new Money(1m, "JPY"));
    }

    [Fact]
    public void An_amount_times_a_count_or_a_rate_keeps_full_precision()
    {
        Assert.Equal(new Money(135.75m, "USD"), new Money(45.25m, "USD") * 3);
        Assert.Equal(new Money(6.7875m, "USD"), new Money(45.25m, "USD") * 0.15m);
        Assert.Equal(new Money(-3.83m, "USD"), -new Money(3.83m, "USD"));
    }
}
