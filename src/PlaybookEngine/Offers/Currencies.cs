using System.Collections.Frozen;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// ISO 4217 currencies the price book may use, with their minor units (the number of decimals of the smallest coin).
/// The list is closed on purpose: a currency whose minor unit is unknown cannot be rounded correctly.
/// </summary>
internal static class Currencies
{
    private static readonly FrozenDictionary<string, int> MinorUnitsByCode = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["USD"] = 2,
        ["EUR"] = 2,
        ["GBP"] = 2,
        ["CHF"] = 2,
        ["CAD"] = 2,
        ["AUD"] = 2,
        ["SEK"] = 2,
        ["NOK"] = 2,
        ["DKK"] = 2,
        ["INR"] = 2,
        ["BRL"] = 2,
        ["JPY"] = 0,
        ["KRW"] = 0,
        ["ISK"] = 0,
        ["CLP"] = 0,
        ["BHD"] = 3,
        ["KWD"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The ISO 4217 codes known here.</summary>
    public static IEnumerable<string> Codes => MinorUnitsByCode.Keys;

    /// <summary>True when <paramref name="code"/> is a known ISO 4217 code (upper case).</summary>
    public static bool IsKnown(string code) => MinorUnitsByCode.ContainsKey(code);

    /// <summary>The minor units of a currency: 2 for USD (cents), 0 for JPY.</summary>
    /// <exception cref="ArgumentException">The code is not one of <see cref="Codes"/>.</exception>
    public static int MinorUnits(string code) =>
        MinorUnitsByCode.TryGetValue(code, out var units)
            ? units
            : throw new ArgumentException($"Unknown currency '{code}'; expected an ISO 4217 code such as USD, EUR or JPY.", nameof(code));
}
