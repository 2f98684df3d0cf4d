using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Expressions;

/// <summary>The static type of an expression node; <see cref="Signal"/> is set when the node is a signal reference.</summary>
internal readonly record struct ExprType(SignalKind? Kind, SignalDefinition? Signal, bool IsText = false, bool IsError = false)
{
    public static ExprType Error => new(null, null, IsError: true);

    public static ExprType Text => new(null, null, IsText: true);

    public static ExprType Of(SignalKind kind) => new(kind, null);

    public string Describe() => IsText ? "text" : Kind switch
    {
        SignalKind.Number => Signal is null ? "a number" : $"{Signal.Name} (a number)",
        SignalKind.Percent => Signal is null ? "a percentage" : $"{Signal.Name} (a percentage)",
        SignalKind.Duration => Signal is null ? "a duration" : $"{Signal.Name} (a duration in days)",
        SignalKind.Date => Signal is null ? "a date" : $"{Signal.Name} (a date)",
        SignalKind.Enum => Signal is null ? "a name" : $"{Signal.Name} (one of {string.Join(", ", Signal.EnumValues)})",
        SignalKind.Boolean => Signal is null ? "true/false" : $"{Signal.Name} (true/false)",
        _ => "an invalid expression",
    };
}
