using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>The result of evaluating every applicable playbook of one account: instances that changed or started, and effects.</summary>
/// <param name="Changed">Instances started, moved or whose edge state changed: store these.</param>
/// <param name="Effects">What to write to the CRM, in playbook priority order.</param>
public sealed record AccountEvaluation(ImmutableArray<PlaybookInstance> Changed, ImmutableArray<Effect> Effects)
{
    /// <summary>The shared result of an evaluation where nothing started, moved or fired: returned without allocating.</summary>
    public static AccountEvaluation Nothing { get; } = new([], []);

    /// <summary>True when there is nothing to store and nothing to write to the CRM.</summary>
    public bool IsEmpty => Changed.IsEmpty && Effects.IsEmpty;
}
