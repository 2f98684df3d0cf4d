using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>An account's signals in words, as a reason's readings write them: for a CSM's view of the account.</summary>
public static class SignalText
{
    /// <summary>Every signal of <paramref name="catalog"/> with its value (a percent, a date, an enum member, or <c>missing</c>), in catalogue order.</summary>
    public static ImmutableArray<SignalReading> All(SignalCatalog catalog, in SignalVector signals)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var readings = ImmutableArray.CreateBuilder<SignalReading>(catalog.Signals.Length);
        foreach (var signal in catalog.Signals)
        {
            readings.Add(new SignalReading(signal.Name, SignalFormatter.Format(signal, signals[signal.Ordinal])));
        }

        return readings.MoveToImmutable();
    }
}
