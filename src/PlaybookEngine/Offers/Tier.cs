using System.Collections.Frozen;
using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// One tier of a product, in the price book's order (<see cref="Rank"/> 0 is the lowest). <see cref="ListPrices"/> holds the
/// anchor: list price per seat per month, by ISO currency.
/// </summary>
/// <param name="Name">The tier's name, as subscriptions and signals spell it.</param>
/// <param name="Rank">Its place in the book, 0 the lowest.</param>
/// <param name="Title">A customer-facing title.</param>
/// <param name="Limits">What it allows.</param>
/// <param name="Features">What it includes, in the customer's words.</param>
/// <param name="ValueDrivers">The outcomes it brings, quantified for ROI.</param>
/// <param name="ListPrices">The anchor per seat per month, by currency.</param>
/// <param name="MinimumSeats">Fewest seats it is sold with.</param>
public sealed record Tier(
    string Name,
    int Rank,
    string Title,
    TierLimits Limits,
    ImmutableArray<string> Features,
    ImmutableArray<ValueDriver> ValueDrivers,
    FrozenDictionary<string, decimal> ListPrices,
    int MinimumSeats)
{
    /// <summary>Hours per active user per week that this tier's value drivers add up to.</summary>
    internal decimal HoursPerUserPerWeek
    {
        get
        {
            var total = 0m;
            foreach (var driver in ValueDrivers)
            {
                total += driver.HoursPerUserPerWeek;
            }

            return total;
        }
    }

    /// <summary>The list price per seat per month in <paramref name="currency"/>.</summary>
    /// <exception cref="ArgumentException">The tier has no price in that currency.</exception>
    internal Money ListPrice(string currency) =>
        ListPrices.TryGetValue(currency, out var price)
            ? new Money(price, currency).Rounded()
            : throw new ArgumentException($"Tier '{Name}' has no list price in {currency}.", nameof(currency));
}
