using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Sync;

/// <summary>What delivering one task event to its playbook did.</summary>
/// <param name="Result">In words, as stored on the event in the CRM (e.g. "CheckIn -> Proposal: 0 task(s), 1 proposal(s)").</param>
/// <param name="NewState">The state the instance moved to, or null when it did not move.</param>
internal sealed record TaskEventResult(long EventId, string TaskKey, string AccountId, string PlaybookId, string Outcome, string Result,
    string? NewState, int Tasks, int Proposals);

/// <summary>What completing a task did: the CRM's answer, the events processed at once, and whether some are left pending.</summary>
/// <param name="Pending">True when processing failed after the completion was recorded: the next sync applies the event.</param>
internal sealed record TaskCompletionResult(TaskCompletion Completion, IReadOnlyList<TaskEventResult> Processed, bool Pending);
