using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>The outcome of evaluating one instance: its new state and the effects to write. Unchanged when nothing fired.</summary>
internal readonly record struct EvaluationResult(PlaybookInstance Instance, ImmutableArray<Effect> Effects, bool Changed)
{
    public static EvaluationResult Unchanged(PlaybookInstance instance) => new(instance, [], false);
}
