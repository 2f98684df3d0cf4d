using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.PlaybookEngine.Tests.Offers;

public sealed class BillingCycleTests
{
    [Theory]
    [InlineData("2026-02-15", "2026-01-31", "2026-02-28")] // anchor 31st bills on the last day of February
    [InlineData("2026-03-05", "2026-02-28", "2026-03-31")] // and returns to the 31st after it
    [InlineData("2026-01-31", "2026-01-31", "2026-02-28")] // the anchor day itself opens the first period
    public void Monthly_periods_are_counted_from_the_anchor(string day, string expectedStart, string expectedEnd)
    {
        var (start, end) = BillingCycle.PeriodContaining(new DateOnly(2026, 1, 31), BillingPeriod.Monthly, DateOnly.Parse(day));

        Assert.Equal(DateOnly.Parse(expectedStart), start);
        Assert.Equal(DateOnly.Parse(expectedEnd), end);
    }

    [Fact]
    public void Annual_anchor_on_29_february_bills_on_28_february_in_common_years()
    {
        var (start, end) = BillingCycle.PeriodContaining(new DateOnly(2028, 2, 29), BillingPeriod.Annual, new DateOnly(2029, 6, 1));

        Assert.Equal(new DateOnly(2029, 2, 28), start);
        Assert.Equal(new DateOnly(2030, 2, 28), end);
    }

    [Fact]
    public void Day_before_the_anchor_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            BillingCycle.PeriodContaining(new DateOnly(2026, 5, 1), BillingPeriod.Monthly, new DateOnly(2026, 4, 30)));
    }
}
