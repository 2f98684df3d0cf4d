using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// Prorates a mid-term change by day, the convention of subscription billers such as Stripe: credit the unused time on
/// the old price, charge the remaining time on the new price, both over the current billing period's actual length in days.
/// Each amount is rounded once, to the currency's minor units, half away from zero.
/// </summary>
internal static class ProrationCalculator
{
    /// <summary>
    /// Prorates moving <paramref name="current"/> to <paramref name="next"/> on <paramref name="changeDate"/>. The current
    /// plan's period price is its MRR times the months in its billing period: what the customer actually pays.
    /// </summary>
    /// <exception cref="ArgumentException">The currencies differ, or the change date precedes the subscription start.</exception>
    public static Proration Prorate(Subscription current, Quote next, DateOnly changeDate)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        var currency = next.Request.Currency;
        if (!string.Equals(current.Currency, currency, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Subscription is billed in {current.Currency}, the quote is in {currency}.", nameof(next));
        }

        var (start, end) = BillingCycle.PeriodContaining(current.StartDate, current.BillingPeriod, changeDate);
        var daysInPeriod = end.DayNumber - start.DayNumber;
        var remaining = end.DayNumber - changeDate.DayNumber;
        // The same figure the proposal states as today's price: MRR rounded once, times the months in the period.
        var currentPrice = ProposalFigures.CurrentMonthly(current) * ProposalFigures.MonthsIn(current.BillingPeriod);
        var credit = Share(currentPrice, remaining, daysInPeriod);

        var restarts = next.Billing != current.BillingPeriod;
        var charge = restarts ? next.NetPerPeriod : Share(next.NetPerPeriod, remaining, daysInPeriod);
        var nextBilling = restarts ? NextAnchor(changeDate, next.Billing) : end;
        return new Proration(changeDate, start, end, daysInPeriod, remaining, currentPrice, next.NetPerPeriod, credit, charge, restarts, nextBilling);
    }

    // Multiply before dividing so the only rounding is the final one to minor units.
    private static Money Share(Money periodPrice, int days, int daysInPeriod) =>
        new Money(periodPrice.Amount * days / daysInPeriod, periodPrice.Currency).Rounded();

    private static DateOnly NextAnchor(DateOnly changeDate, BillingPeriod billing) =>
        billing == BillingPeriod.Annual ? changeDate.AddYears(1) : changeDate.AddMonths(1);
}
