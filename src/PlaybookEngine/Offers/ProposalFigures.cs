using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// The money figures of a proposal, defined once so every rendering states the same numbers: what the customer pays
/// today (from the subscription's actual MRR and billing, not from the price book), what the proposed plan costs at the
/// same billing, and the difference. Every yearly figure is 12 × its monthly figure and the difference is proposed −
/// current, by construction; the ROI's added cost and the renewal comparison read these same figures.
/// </summary>
/// <param name="CurrentBilling">How the customer is billed today.</param>
/// <param name="CurrentPerMonth">What the customer pays today per month: the subscription's MRR, rounded once to minor units.</param>
/// <param name="ProposedBilling">The billing the proposal is compared at: the customer's current billing, so like is compared with like.</param>
/// <param name="ProposedPerMonth">What the proposed plan costs per month at <paramref name="ProposedBilling"/> (net per seat per month × billed seats).</param>
public sealed record ProposalFigures(
    BillingPeriod CurrentBilling,
    Money CurrentPerMonth,
    BillingPeriod ProposedBilling,
    Money ProposedPerMonth)
{
    /// <summary>What the customer pays today per year: 12 × <see cref="CurrentPerMonth"/>.</summary>
    public Money CurrentPerYear => CurrentPerMonth * 12;

    /// <summary>What the customer pays today per billing period (a month, or a year when billed annually).</summary>
    public Money CurrentPerPeriod => CurrentPerMonth * MonthsIn(CurrentBilling);

    /// <summary>What the proposed plan costs per year: 12 × <see cref="ProposedPerMonth"/>.</summary>
    public Money ProposedPerYear => ProposedPerMonth * 12;

    /// <summary>What the proposed plan costs per billing period.</summary>
    public Money ProposedPerPeriod => ProposedPerMonth * MonthsIn(ProposedBilling);

    /// <summary>Proposed − current, per month (negative when the proposal costs less).</summary>
    public Money DifferencePerMonth => ProposedPerMonth - CurrentPerMonth;

    /// <summary>Proposed − current, per year: 12 × <see cref="DifferencePerMonth"/>.</summary>
    public Money DifferencePerYear => DifferencePerMonth * 12;

    /// <summary>The figures of <paramref name="subscription"/> today against <paramref name="proposed"/>, which must be priced at the same billing.</summary>
    internal static ProposalFigures From(Subscription subscription, Quote proposed)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(proposed);
        return new ProposalFigures(
            subscription.BillingPeriod,
            CurrentMonthly(subscription),
            proposed.Billing,
            proposed.NetPerSeatPerMonth * proposed.BilledSeats);
    }

    /// <summary>What <paramref name="subscription"/> costs per month: its MRR rounded once to the currency's minor units.</summary>
    internal static Money CurrentMonthly(Subscription subscription) => new Money(subscription.Mrr, subscription.Currency).Rounded();

    internal static int MonthsIn(BillingPeriod billing) => billing == BillingPeriod.Annual ? 12 : 1;
}
