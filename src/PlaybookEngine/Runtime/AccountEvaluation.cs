using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>The result of evaluating every applicable playbook of one account: instances that changed or started, and effects.</summary>
public sealed record AccountEvaluation(ImmutableArray<PlaybookInstance> Changed, ImmutableArray<Effect> Effects)
{
    public static AccountEvaluation Nothing { get; } = new([], []);

    public bool IsEmpty => Changed.IsEmpty && Effects.IsEmpty;
}
