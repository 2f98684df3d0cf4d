using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// The seam between the sync and the playbook engine: evaluate one account's playbooks. Production uses
/// <see cref="RuntimeAccountEvaluator"/>; tests and the benchmark can plug a hand-written one.
/// </summary>
internal interface IAccountEvaluator
{
    AccountEvaluation Evaluate(IReadOnlyList<PlaybookInstance> instances, in EvaluationContext context);
}

/// <summary>Evaluates through the compiled, published playbooks of the engine's <see cref="PlaybookRuntime"/>.</summary>
internal sealed class RuntimeAccountEvaluator(PlaybookRuntime runtime) : IAccountEvaluator
{
    public AccountEvaluation Evaluate(IReadOnlyList<PlaybookInstance> instances, in EvaluationContext context) =>
        runtime.EvaluateAccount(instances, in context);
}
