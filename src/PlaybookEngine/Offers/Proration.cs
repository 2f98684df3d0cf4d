namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// The settlement of a mid-term change, by day: a credit for the unused days of the current plan and a charge for the
/// new plan. When the billing period stays the same the charge covers the remaining days of the current period and the
/// renewal date stays; when it changes (monthly to annual) the billing cycle restarts on the change date and the charge
/// is a full new period.
/// </summary>
/// <param name="ChangeDate">The day the new plan starts (the change takes effect at the start of that day).</param>
/// <param name="PeriodStart">First day of the current billing period.</param>
/// <param name="PeriodEnd">First day of the next billing period (exclusive end).</param>
/// <param name="DaysInPeriod">Days in the current period (366 for a year that holds 29 February).</param>
/// <param name="DaysRemaining">Days from the change date to the period end, the unused part of the current plan.</param>
/// <param name="CurrentPeriodPrice">What the current plan costs per billing period.</param>
/// <param name="NewPeriodPrice">What the new plan costs per billing period.</param>
/// <param name="Credit">Credit for the unused days of the current plan (positive amount, subtracted).</param>
/// <param name="Charge">Charge for the new plan until the next billing date.</param>
/// <param name="CycleRestarts">True when the billing period changes and the cycle restarts on the change date.</param>
/// <param name="NextBillingDate">When the customer is next billed after the change.</param>
public sealed record Proration(
    DateOnly ChangeDate,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    int DaysInPeriod,
    int DaysRemaining,
    Money CurrentPeriodPrice,
    Money NewPeriodPrice,
    Money Credit,
    Money Charge,
    bool CycleRestarts,
    DateOnly NextBillingDate)
{
    /// <summary>What the customer pays (positive) or is credited (negative) at the change: charge − credit.</summary>
    public Money AmountDue => Charge - Credit;
}
