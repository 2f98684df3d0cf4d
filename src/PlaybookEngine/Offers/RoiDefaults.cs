using System.Collections.Frozen;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// ROI assumptions published with the price book: working weeks per year, and the loaded hourly cost of a user by segment
/// and currency, used when the account has no hourly cost of its own.
/// </summary>
/// <param name="WorkingWeeksPerYear">Weeks a year a user works, to turn weekly hours saved into yearly ones.</param>
/// <param name="HourlyCostBySegment">Loaded hourly cost of a user, by segment, then by currency.</param>
public sealed record RoiDefaults(
    decimal WorkingWeeksPerYear,
    FrozenDictionary<string, FrozenDictionary<string, decimal>> HourlyCostBySegment)
{
    /// <summary>The default hourly cost for a segment in a currency, if the price book defines one.</summary>
    internal decimal? HourlyCost(string segment, string currency) =>
        HourlyCostBySegment.TryGetValue(segment, out var byCurrency) && byCurrency.TryGetValue(currency, out var cost) ? cost : null;
}
