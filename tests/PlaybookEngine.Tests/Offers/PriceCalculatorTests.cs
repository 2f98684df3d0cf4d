using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.PlaybookEngine.Tests.Offers;

public sealed class PriceCalculatorTests
{
    private readonly PriceCalculator _calculator = OfferTestData.Calculator();

    private Quote Quote(string tier, int seats, BillingPeriod billing, int years, string currency = "USD", int tenure = 0) =>
        _calculator.Quote(new QuoteRequest(tier, seats, billing, years, currency, tenure));

    [Fact]
    public void Monthly_one_year_quote_is_the_list_price_with_no_discount()
    {
        // 45.00 × 10 seats × 1 month = 450.00 per period; 12 periods = 5,400.00
        var q = Quote("professional", 10, BillingPeriod.Monthly, 1);

        Assert.Single(q.Lines);
        Assert.Equal(45.00m, q.NetPerSeatPerMonth.Amount);
        Assert.Equal(450.00m, q.NetPerPeriod.Amount);
        Assert.Equal(12, q.Periods);
        Assert.Equal(5400.00m, q.TotalContractValue.Amount);
    }

    [Fact]
    public void Annual_billing_itemizes_the_annual_discount_with_its_rule()
    {
        // 45.00 − 15% (6.75) = 38.25; × 10 seats × 12 months = 4,590.00
        var q = Quote("professional", 10, BillingPeriod.Annual, 1);

        var discount = Assert.Single(q.Lines, l => l.Kind == QuoteLineKind.Discount);
        Assert.Equal(-6.75m, discount.PerSeatPerMonth.Amount);
        Assert.Equal(0.15m, discount.Rate);
        Assert.Contains("annually", discount.Rule);
        Assert.Equal(38.25m, q.NetPerSeatPerMonth.Amount);
        Assert.Equal(4590.00m, q.NetPerPeriod.Amount);
        Assert.Equal(4590.00m, q.TotalContractValue.Amount);
    }

    [Fact]
    public void Three_year_term_stacks_on_the_annual_price_and_rounds_half_up()
    {
        // 38.25 × 10% = 3.825 → 3.83 (half up) → 34.42; × 120 = 4,130.40 a year; × 3 = 12,391.20
        var q = Quote("professional", 10, BillingPeriod.Annual, 3);

        Assert.Equal(-3.83m, q.Lines.Single(l => l.Label == "Term discount").PerSeatPerMonth.Amount);
        Assert.Equal(34.42m, q.NetPerSeatPerMonth.Amount);
        Assert.Equal(4130.40m, q.NetPerPeriod.Amount);
        Assert.Equal(12391.20m, q.TotalContractValue.Amount);
    }

    [Fact]
    public void Lines_add_up_to_the_net_price_per_seat()
    {
        var q = Quote("professional", 300, BillingPeriod.Annual, 3, tenure: 24);

        Assert.Equal(q.NetPerSeatPerMonth.Amount, q.Lines.Sum(l => l.PerSeatPerMonth.Amount));
        Assert.Equal(q.NetPerPeriod.Amount * q.Periods, q.TotalContractValue.Amount);
    }

    [Fact]
    public void Loyalty_incentive_applies_to_an_existing_customer_on_a_multi_year_term()
    {
        // 34.42 × 3% = 1.0326 → 1.03 → 33.39; × 120 = 4,006.80; × 3 = 12,020.40
        var q = Quote("professional", 10, BillingPeriod.Annual, 3, tenure: 12);

        Assert.Equal(-1.03m, q.Lines.Single(l => l.Label == "Loyalty incentive").PerSeatPerMonth.Amount);
        Assert.Equal(33.39m, q.NetPerSeatPerMonth.Amount);
        Assert.Equal(12020.40m, q.TotalContractValue.Amount);
    }

    [Fact]
    public void Loyalty_incentive_is_not_given_to_a_new_customer()
    {
        var q = Quote("professional", 10, BillingPeriod.Annual, 3, tenure: 11);

        Assert.DoesNotContain(q.Lines, l => l.Label == "Loyalty incentive");
    }

    [Fact]
    public void Loyalty_incentive_is_not_given_on_a_one_year_term()
    {
        var q = Quote("professional", 10, BillingPeriod.Annual, 1, tenure: 36);

        Assert.DoesNotContain(q.Lines, l => l.Label == "Loyalty incentive");
    }

    [Theory]
    [InlineData(49, 45.00)] // last seat of band 1-49: 0%
    [InlineData(50, 42.75)] // first seat of band 50-249: 45 × 5% = 2.25 off
    [InlineData(249, 42.75)]
    [InlineData(250, 40.50)] // open band 250+: 45 × 10% = 4.50 off
    public void Volume_band_is_chosen_by_seat_count_at_its_boundaries(int seats, double expectedNet)
    {
        var q = Quote("professional", seats, BillingPeriod.Monthly, 1);

        Assert.Equal((decimal)expectedNet, q.NetPerSeatPerMonth.Amount);
        Assert.Equal((decimal)expectedNet * seats, q.NetPerPeriod.Amount);
    }

    [Fact]
    public void Zero_seats_are_billed_at_the_tier_minimum_and_say_so()
    {
        // professional minimum 5 seats: 45.00 × 5 = 225.00 a month
        var q = Quote("professional", 0, BillingPeriod.Monthly, 1);

        Assert.Equal(5, q.BilledSeats);
        Assert.Equal(225.00m, q.NetPerPeriod.Amount);
        Assert.Contains("minimum of 5 seats", q.SeatRule);
    }

    [Fact]
    public void Seats_at_the_minimum_are_billed_as_requested()
    {
        var q = Quote("professional", 5, BillingPeriod.Monthly, 1);

        Assert.Equal(5, q.BilledSeats);
        Assert.Null(q.SeatRule);
    }

    [Fact]
    public void Upgrade_with_a_term_change_prices_the_new_term()
    {
        // starter monthly → professional annual 2 years, customer for 20 months:
        // 45.00 − 6.75 = 38.25; − 5% (1.9125 → 1.91) = 36.34; − 3% loyalty (1.0902 → 1.09) = 35.25
        // × 10 seats × 12 = 4,230.00 a year; × 2 = 8,460.00
        var q = Quote("professional", 10, BillingPeriod.Annual, 2, tenure: 20);

        Assert.Equal(35.25m, q.NetPerSeatPerMonth.Amount);
        Assert.Equal(4230.00m, q.NetPerPeriod.Amount);
        Assert.Equal(2, q.Periods);
        Assert.Equal(8460.00m, q.TotalContractValue.Amount);
    }

    [Fact]
    public void Yen_quote_rounds_each_discount_to_whole_yen()
    {
        // 6,500 − 15% (975) = 5,525; − 10% (552.5 → 553, half up) = 4,972; × 120 = 596,640; × 3 = 1,789,920
        var q = Quote("professional", 10, BillingPeriod.Annual, 3, "JPY");

        Assert.Equal(4972m, q.NetPerSeatPerMonth.Amount);
        Assert.Equal(596640m, q.NetPerPeriod.Amount);
        Assert.Equal(1789920m, q.TotalContractValue.Amount);
    }

    [Fact]
    public void Add_on_is_a_second_anchor_and_discounted_with_the_tier()
    {
        // (15.00 + 8.00) − 15% (3.45) = 19.55
        var addOn = OfferTestData.Catalog().Find("healthcare-bundle");
        var q = _calculator.Quote(new QuoteRequest("starter", 10, BillingPeriod.Annual, 1, "USD", 0, addOn));

        Assert.Equal(2, q.Lines.Count(l => l.Kind == QuoteLineKind.Anchor));
        Assert.Equal(23.00m, q.ListPerSeatPerMonth.Amount);
        Assert.Equal(19.55m, q.NetPerSeatPerMonth.Amount);
    }

    [Fact]
    public void Currency_the_price_book_does_not_price_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Quote("professional", 10, BillingPeriod.Monthly, 1, "EUR"));
    }

    [Fact]
    public void Unknown_tier_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Quote("platinum", 10, BillingPeriod.Monthly, 1));
    }

    [Fact]
    public void Negative_seats_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Quote("professional", -1, BillingPeriod.Monthly, 1));
    }
}
