using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Signals;

/// <summary>One named signal an account carries: its type, unit and, for enums, the allowed values in order.</summary>
/// <param name="Ordinal">Its index in <see cref="SignalVector"/>.</param>
/// <param name="Name">The name conditions use, e.g. <c>seat_utilization</c>.</param>
/// <param name="Kind">Its type: number, percent, duration, date, enum or boolean.</param>
/// <param name="Unit">The unit values are held in, e.g. <c>fraction</c> or <c>days</c>; empty for enums and booleans.</param>
/// <param name="Description">What it measures, for docs/signals.md and hints.</param>
/// <param name="EnumValues">For an enum, its values in order; default otherwise.</param>
public sealed record SignalDefinition(
    int Ordinal,
    string Name,
    SignalKind Kind,
    string Unit,
    string Description,
    ImmutableArray<string> EnumValues)
{
    /// <summary>The index of an enum value, or -1 when the value is not one of this signal's.</summary>
    internal int EnumIndex(string value) => EnumValues.IsDefault ? -1 : EnumValues.IndexOf(value, StringComparer.OrdinalIgnoreCase);
}
