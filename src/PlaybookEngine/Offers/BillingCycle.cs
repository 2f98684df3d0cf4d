using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// Billing periods anchored on a subscription's start date: period k starts at start + k months (or years), counted
/// from the anchor each time so a subscription started on the 31st bills on the last day of shorter months and returns
/// to the 31st after them; one started on 29 February bills on 28 February in common years.
/// </summary>
internal static class BillingCycle
{
    /// <summary>The period that contains <paramref name="day"/>: its first day and the first day of the next period.</summary>
    public static (DateOnly Start, DateOnly End) PeriodContaining(DateOnly anchor, BillingPeriod billing, DateOnly day)
    {
        if (day < anchor)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, $"The day precedes the billing anchor {anchor:yyyy-MM-dd}.");
        }

        var k = billing == BillingPeriod.Annual
            ? day.Year - anchor.Year
            : ((day.Year - anchor.Year) * 12) + day.Month - anchor.Month;
        var start = Shift(anchor, billing, k);
        if (start > day)
        {
            k--;
            start = Shift(anchor, billing, k);
        }

        return (start, Shift(anchor, billing, k + 1));
    }

    private static DateOnly Shift(DateOnly anchor, BillingPeriod billing, int k) =>
        billing == BillingPeriod.Annual ? anchor.AddYears(k) : anchor.AddMonths(k);
}
