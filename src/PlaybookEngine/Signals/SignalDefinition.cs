using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Signals;

/// <summary>One named signal an account carries: its type, unit and, for enums, the allowed values in order.</summary>
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
