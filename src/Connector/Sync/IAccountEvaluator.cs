using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// The seam between the sync and the playbook engine: evaluate one account's playbooks. Production uses
/// <see cref="RuntimeAccountEvaluator"/>; tests and the benchmark can plug a hand-written one.
/// </summary>
internal interface IAccountEvaluator
{
    AccountEvaluation Evaluate(IReadOnlyList<PlaybookInstance> instances, in EvaluationContext context);

    /// <summary>Delivers a CRM event (a CSM's task outcome) to one playbook's instance of the account.</summary>
    AccountEvaluation FireEvent(IReadOnlyList<PlaybookInstance> instances, string playbookId, PlaybookEvent playbookEvent, in EvaluationContext context);

    /// <summary>False when the event answers a task or proposal of an earlier visit to the instance's state: a stale answer.</summary>
    bool AnswersCurrentVisit(PlaybookInstance instance, PlaybookEvent playbookEvent) => true;

    /// <summary>True when a task the state opens is help in a rescue play: capacity routing may let it bypass (docs/routing.md).</summary>
    bool IsRescueHelp(string playbookId, string state) => false;
}

/// <summary>Evaluates through the compiled, published playbooks of the engine's <see cref="PlaybookRuntime"/>.</summary>
internal sealed class RuntimeAccountEvaluator(PlaybookRuntime runtime) : IAccountEvaluator
{
    public AccountEvaluation Evaluate(IReadOnlyList<PlaybookInstance> instances, in EvaluationContext context) =>
        runtime.EvaluateAccount(instances, in context);

    public AccountEvaluation FireEvent(IReadOnlyList<PlaybookInstance> instances, string playbookId, PlaybookEvent playbookEvent, in EvaluationContext context) =>
        runtime.FireEvent(instances, playbookId, playbookEvent, in context);

    public bool AnswersCurrentVisit(PlaybookInstance instance, PlaybookEvent playbookEvent) => runtime.AnswersCurrentVisit(instance, playbookEvent);

    public bool IsRescueHelp(string playbookId, string state) => Routing.RescueHelp.Is(runtime, playbookId, state);
}
