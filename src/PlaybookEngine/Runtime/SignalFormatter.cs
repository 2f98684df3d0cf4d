using System.Collections.Immutable;
using System.Globalization;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>Signal values as a CSM reads them in a reason: 93%, 45 days, starter, 2027-03-01.</summary>
internal static class SignalFormatter
{
    public static string Format(SignalDefinition signal, double value)
    {
        if (double.IsNaN(value))
        {
            return "missing";
        }

        return signal.Kind switch
        {
            SignalKind.Percent => (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%",
            SignalKind.Duration => value.ToString("0", CultureInfo.InvariantCulture) + " days",
            SignalKind.Date => DateOnly.FromDayNumber((int)value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            SignalKind.Enum => value >= 0 && value < signal.EnumValues.Length ? signal.EnumValues[(int)value] : "unknown",
            SignalKind.Boolean => value != 0 ? "true" : "false",
            _ => value.ToString("0.##", CultureInfo.InvariantCulture),
        };
    }

    public static ImmutableArray<SignalReading> Readings(SignalCatalog catalog, ImmutableArray<int> ordinals, in SignalVector signals)
    {
        if (ordinals.IsDefaultOrEmpty)
        {
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<SignalReading>(ordinals.Length);
        foreach (var ordinal in ordinals)
        {
            var signal = catalog.Signals[ordinal];
            builder.Add(new SignalReading(signal.Name, Format(signal, signals[ordinal])));
        }

        return builder.MoveToImmutable();
    }
}
