using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.PlaybookEngine.Tests.Offers;

public sealed class ProrationCalculatorTests
{
    private readonly PriceCalculator _calculator = OfferTestData.Calculator();

    private Quote Professional(BillingPeriod billing, string currency = "USD") =>
        _calculator.Quote(new QuoteRequest("professional", 10, billing, 1, currency));

    [Fact]
    public void Monthly_change_across_a_leap_day_uses_the_29_day_february_period()
    {
        // Period 2028-02-15 .. 2028-03-15 = 29 days (2028 is a leap year); change on 02-20 leaves 24 days.
        // Credit 150.00 × 24/29 = 124.1379 → 124.14; charge 450.00 × 24/29 = 372.4138 → 372.41; due 248.27.
        var current = OfferTestData.Subscription(mrr: 150m, start: new DateOnly(2028, 1, 15));

        var p = ProrationCalculator.Prorate(current, Professional(BillingPeriod.Monthly), new DateOnly(2028, 2, 20));

        Assert.Equal(29, p.DaysInPeriod);
        Assert.Equal(24, p.DaysRemaining);
        Assert.Equal(124.14m, p.Credit.Amount);
        Assert.Equal(372.41m, p.Charge.Amount);
        Assert.Equal(248.27m, p.AmountDue.Amount);
        Assert.Equal(new DateOnly(2028, 3, 15), p.NextBillingDate);
        Assert.False(p.CycleRestarts);
    }

    [Fact]
    public void Annual_period_holding_29_february_has_366_days()
    {
        // Period 2027-06-01 .. 2028-06-01 = 366 days; change 2028-03-01 leaves 92 days (31 + 30 + 31).
        // Credit 1,200.00 × 92/366 = 301.6393 → 301.64; charge 4,590.00 × 92/366 = 1,153.7705 → 1,153.77; due 852.13.
        var current = OfferTestData.Subscription(billing: BillingPeriod.Annual, mrr: 100m, start: new DateOnly(2027, 6, 1));

        var p = ProrationCalculator.Prorate(current, Professional(BillingPeriod.Annual), new DateOnly(2028, 3, 1));

        Assert.Equal(366, p.DaysInPeriod);
        Assert.Equal(92, p.DaysRemaining);
        Assert.Equal(1200.00m, p.CurrentPeriodPrice.Amount);
        Assert.Equal(301.64m, p.Credit.Amount);
        Assert.Equal(1153.77m, p.Charge.Amount);
        Assert.Equal(852.13m, p.AmountDue.Amount);
    }

    [Fact]
    public void Change_the_day_before_a_billing_date_settles_one_day()
    {
        // Anchor 31 January: the period 2026-02-28 .. 2026-03-31 has 31 days; on 03-30 one day is left.
        // Credit 150.00 / 31 = 4.8387 → 4.84; charge 450.00 / 31 = 14.5161 → 14.52; due 9.68.
        var current = OfferTestData.Subscription(mrr: 150m, start: new DateOnly(2026, 1, 31));

        var p = ProrationCalculator.Prorate(current, Professional(BillingPeriod.Monthly), new DateOnly(2026, 3, 30));

        Assert.Equal(new DateOnly(2026, 2, 28), p.PeriodStart);
        Assert.Equal(1, p.DaysRemaining);
        Assert.Equal(4.84m, p.Credit.Amount);
        Assert.Equal(14.52m, p.Charge.Amount);
        Assert.Equal(9.68m, p.AmountDue.Amount);
    }

    [Fact]
    public void Change_on_a_billing_date_settles_the_whole_new_period()
    {
        // On 2026-03-31 a new period (to 2026-04-30, 30 days) starts: all of it is unused, so the full prices settle.
        var current = OfferTestData.Subscription(mrr: 150m, start: new DateOnly(2026, 1, 31));

        var p = ProrationCalculator.Prorate(current, Professional(BillingPeriod.Monthly), new DateOnly(2026, 3, 31));

        Assert.Equal(new DateOnly(2026, 3, 31), p.PeriodStart);
        Assert.Equal(30, p.DaysInPeriod);
        Assert.Equal(30, p.DaysRemaining);
        Assert.Equal(150.00m, p.Credit.Amount);
        Assert.Equal(450.00m, p.Charge.Amount);
        Assert.Equal(new DateOnly(2026, 4, 30), p.NextBillingDate);
    }

    [Fact]
    public void Changing_from_monthly_to_annual_restarts_the_cycle_and_charges_a_full_year()
    {
        // Period 2026-11-10 .. 2026-12-10 (30 days), change 11-25 leaves 15: credit 150.00 × 15/30 = 75.00.
        // The annual plan starts on the change date: 4,590.00 now, next bill 2027-11-25.
        var current = OfferTestData.Subscription(mrr: 150m, start: new DateOnly(2026, 1, 10));

        var p = ProrationCalculator.Prorate(current, Professional(BillingPeriod.Annual), new DateOnly(2026, 11, 25));

        Assert.True(p.CycleRestarts);
        Assert.Equal(75.00m, p.Credit.Amount);
        Assert.Equal(4590.00m, p.Charge.Amount);
        Assert.Equal(4515.00m, p.AmountDue.Amount);
        Assert.Equal(new DateOnly(2027, 11, 25), p.NextBillingDate);
    }

    [Fact]
    public void Yen_proration_rounds_to_whole_yen()
    {
        // Period 2026-04-10 .. 2026-05-10 = 30 days; change 04-24 leaves 16.
        // Credit 22,000 × 16/30 = 11,733.33 → 11,733; charge 65,000 × 16/30 = 34,666.67 → 34,667; due 22,934.
        var current = OfferTestData.Subscription(mrr: 22000m, currency: "JPY", start: new DateOnly(2026, 3, 10));

        var p = ProrationCalculator.Prorate(current, Professional(BillingPeriod.Monthly, "JPY"), new DateOnly(2026, 4, 24));

        Assert.Equal(11733m, p.Credit.Amount);
        Assert.Equal(34667m, p.Charge.Amount);
        Assert.Equal(22934m, p.AmountDue.Amount);
    }

    [Fact]
    public void Currencies_of_subscription_and_quote_must_match()
    {
        var current = OfferTestData.Subscription(currency: "USD");

        Assert.Throws<ArgumentException>(() => ProrationCalculator.Prorate(current, Professional(BillingPeriod.Monthly, "JPY"), OfferTestData.Today));
    }
}
