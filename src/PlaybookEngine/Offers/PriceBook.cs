using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Text;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// One version of a product's price book: ordered tiers with their anchors, the discount rules and the ROI defaults.
/// Only an <see cref="PublicationStatus.Approved"/> book within its <see cref="Effective"/> dates prices anything.
/// </summary>
/// <param name="Product">The product it prices.</param>
/// <param name="Version">The book's version; quotes and proposals name it.</param>
/// <param name="Status">Governance state.</param>
/// <param name="Effective">Days on which it prices.</param>
/// <param name="Currencies">ISO codes every tier has a list price in.</param>
/// <param name="MinimumSeats">Fewest seats any quote bills.</param>
/// <param name="Tiers">The tiers, lowest first.</param>
/// <param name="Discounts">The published discount rules.</param>
/// <param name="Roi">Defaults for ROI estimates.</param>
/// <param name="Position">Where the book was declared, for diagnostics.</param>
public sealed record PriceBook(
    string Product,
    int Version,
    PublicationStatus Status,
    EffectivePeriod Effective,
    ImmutableArray<string> Currencies,
    int MinimumSeats,
    ImmutableArray<Tier> Tiers,
    DiscountRules Discounts,
    RoiDefaults Roi,
    SourcePosition Position)
{
    /// <summary>True when the book may price offers on <paramref name="today"/>.</summary>
    internal bool IsOfferable(DateOnly today) => Status == PublicationStatus.Approved && Effective.Contains(today);

    /// <summary>The tier named <paramref name="name"/>, or null.</summary>
    internal Tier? FindTier(string name)
    {
        foreach (var tier in Tiers)
        {
            if (string.Equals(tier.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return tier;
            }
        }

        return null;
    }

    /// <summary>The tier ranked directly above <paramref name="tier"/>, or null at the top.</summary>
    internal Tier? NextTier(Tier tier) => tier.Rank + 1 < Tiers.Length ? Tiers[tier.Rank + 1] : null;

    /// <summary>True when every tier has a price in <paramref name="currency"/>.</summary>
    internal bool Prices(string currency) => Currencies.Contains(currency, StringComparer.Ordinal);
}
