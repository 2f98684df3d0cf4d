namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>
/// The set of compiled, published playbooks, evaluated together per account in priority order.
/// (Interface settled; implementation lands with the runtime.)
/// </summary>
public sealed partial class PlaybookRuntime
{
    /// <summary>Evaluates every applicable playbook for one account; <paramref name="instances"/> are its stored instances.</summary>
    public AccountEvaluation EvaluateAccount(IReadOnlyList<PlaybookInstance> instances, in EvaluationContext context) =>
        throw new NotImplementedException();

    /// <summary>Delivers a CRM event (a task outcome, a proposal answer) to one playbook's instance of the account.</summary>
    public AccountEvaluation FireEvent(IReadOnlyList<PlaybookInstance> instances, string playbookId, PlaybookEvent playbookEvent, in EvaluationContext context) =>
        throw new NotImplementedException();
}
