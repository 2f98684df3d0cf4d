using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// An itemized price: the anchor lines, each discount with its rule, the net per seat per month, the net per billing
/// period and the total contract value. Every figure is rounded to the currency's minor units and the lines add up
/// exactly: <c>NetPerSeatPerMonth = Σ Lines</c>, <c>NetPerPeriod = NetPerSeatPerMonth × BilledSeats × MonthsPerPeriod</c>,
/// <c>TotalContractValue = NetPerPeriod × Periods</c>.
/// </summary>
/// <param name="Request">What was priced.</param>
/// <param name="PriceBookVersion">The version of the book that priced it.</param>
/// <param name="BilledSeats">Seats billed: the seats asked for, raised to the tier's minimum.</param>
/// <param name="SeatRule">The minimum-seat rule that raised them, or null.</param>
/// <param name="Lines">The anchor, then each discount, per seat per month.</param>
/// <param name="ListPerSeatPerMonth">The anchor price per seat per month.</param>
/// <param name="NetPerSeatPerMonth">After every discount.</param>
/// <param name="MonthsPerPeriod">1 for monthly billing, 12 for annual.</param>
/// <param name="NetPerPeriod">What each invoice comes to.</param>
/// <param name="Periods">Invoices over the term.</param>
/// <param name="TotalContractValue">What the whole term costs.</param>
public sealed record Quote(
    QuoteRequest Request,
    int PriceBookVersion,
    int BilledSeats,
    string? SeatRule,
    ImmutableArray<QuoteLine> Lines,
    Money ListPerSeatPerMonth,
    Money NetPerSeatPerMonth,
    int MonthsPerPeriod,
    Money NetPerPeriod,
    int Periods,
    Money TotalContractValue)
{
    /// <summary>The billing period of the quote.</summary>
    public BillingPeriod Billing => Request.Billing;

    /// <summary>What a year of this quote costs: net per seat per month × seats × 12.</summary>
    public Money AnnualCost => NetPerSeatPerMonth * (BilledSeats * 12);

    /// <summary>What a year would cost at the anchor, before any discount.</summary>
    public Money AnnualListCost => ListPerSeatPerMonth * (BilledSeats * 12);
}
