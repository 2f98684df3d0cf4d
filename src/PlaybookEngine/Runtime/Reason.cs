using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>One signal's value as it was when a transition fired.</summary>
public sealed record SignalReading(string Signal, string Value);

/// <summary>Why an effect exists: the trigger in words and the signal values that made it fire.</summary>
public sealed record Reason(string Trigger, ImmutableArray<SignalReading> Readings)
{
    public override string ToString() =>
        Readings.IsDefaultOrEmpty ? Trigger : $"{Trigger} ({string.Join(", ", Readings.Select(r => $"{r.Signal} = {r.Value}"))})";
}
