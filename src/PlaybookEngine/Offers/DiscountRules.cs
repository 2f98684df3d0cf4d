using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>A discount for committing to a contract of <see cref="Years"/> years.</summary>
/// <param name="Years">The committed term in years.</param>
/// <param name="Rate">The discount, a fraction (0.1 is 10%).</param>
public sealed record TermDiscount(int Years, decimal Rate);

/// <summary>A discount for buying between <see cref="FromSeats"/> and <see cref="ToSeats"/> seats (inclusive; null = no upper bound).</summary>
/// <param name="FromSeats">Lowest seat count of the band.</param>
/// <param name="ToSeats">Highest seat count of the band; null for no upper bound.</param>
/// <param name="Rate">The discount, a fraction.</param>
public sealed record VolumeBand(int FromSeats, int? ToSeats, decimal Rate)
{
    /// <summary>True when <paramref name="seats"/> falls in this band.</summary>
    internal bool Contains(int seats) => seats >= FromSeats && (ToSeats is null || seats <= ToSeats.Value);

    /// <summary>The band as an author wrote it, e.g. <c>50–249 seats</c>.</summary>
    internal string Label => ToSeats is { } to ? $"{FromSeats}-{to} seats" : $"{FromSeats}+ seats";
}

/// <summary>
/// The loyalty incentive: an extra discount for an existing customer (tenure of at least <see cref="MinTenureMonths"/>)
/// who commits to at least <see cref="MinTermYears"/> years.
/// </summary>
/// <param name="MinTermYears">Shortest term that earns it.</param>
/// <param name="MinTenureMonths">Shortest tenure that earns it.</param>
/// <param name="Rate">The extra discount, a fraction.</param>
public sealed record LoyaltyIncentive(int MinTermYears, int MinTenureMonths, decimal Rate);

/// <summary>
/// The published discount rules of a price book. Every discount a quote grants is one of these, so it is a function of
/// billing period, term, volume and tenure, never an arbitrary number.
/// </summary>
/// <param name="AnnualBillingRate">Discount for annual billing over monthly, a fraction.</param>
/// <param name="TermDiscounts">Discounts by committed term.</param>
/// <param name="VolumeBands">Discounts by seat count, in ascending bands.</param>
/// <param name="Loyalty">The loyalty incentive, if the book has one.</param>
public sealed record DiscountRules(
    decimal AnnualBillingRate,
    ImmutableArray<TermDiscount> TermDiscounts,
    ImmutableArray<VolumeBand> VolumeBands,
    LoyaltyIncentive? Loyalty)
{
    /// <summary>
    /// The deal desk's hard ceiling (<c>deal_desk.hard_ceiling</c>), a fraction: the largest total discount any deal may
    /// carry. A deal discounted beyond what these rules give needs approval; beyond the ceiling it is refused. Null when
    /// the book sets none (nothing is refused, every off-rule discount needs approval).
    /// </summary>
    public decimal? HardCeiling { get; init; }

    /// <summary>
    /// The largest total discount these rules can give one deal, a fraction: the best volume band, annual billing, the best
    /// term and loyalty, applied one after another as a quote applies them.
    /// </summary>
    public decimal LargestCombinedRate()
    {
        var remaining = (1 - AnnualBillingRate) * (1 - (TermDiscounts.IsDefaultOrEmpty ? 0 : TermDiscounts.Max(t => t.Rate)))
            * (1 - (VolumeBands.IsDefaultOrEmpty ? 0 : VolumeBands.Max(b => b.Rate))) * (1 - (Loyalty?.Rate ?? 0));
        return 1 - remaining;
    }

    /// <summary>The term discount rate for a term of <paramref name="years"/>, 0 when the table has none.</summary>
    internal decimal TermRate(int years)
    {
        foreach (var term in TermDiscounts)
        {
            if (term.Years == years)
            {
                return term.Rate;
            }
        }

        return 0m;
    }

    /// <summary>The volume band that holds <paramref name="seats"/>, if any.</summary>
    internal VolumeBand? BandFor(int seats)
    {
        foreach (var band in VolumeBands)
        {
            if (band.Contains(seats))
            {
                return band;
            }
        }

        return null;
    }
}
