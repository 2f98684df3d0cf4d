using System.Collections.Immutable;

namespace CrmSuite.Connector.Crm;

/// <summary>
/// A CSM completed a task with an outcome: recorded in the CRM with the task in one transaction, then delivered to the
/// playbook by the connector. <see cref="Id"/> only grows.
/// </summary>
/// <param name="State">The playbook state that opened the task: the outcome applies only while the instance is still there.</param>
internal sealed record TaskEvent(long Id, string TaskKey, string AccountId, string PlaybookId, string State, string Outcome, DateTimeOffset CreatedAt);

internal enum TaskCompletionStatus
{
    /// <summary>The task is completed and its event recorded.</summary>
    Completed,

    /// <summary>No task has that key.</summary>
    NotFound,

    /// <summary>The task was completed before; nothing changed.</summary>
    AlreadyCompleted,

    /// <summary>The outcome is not one the task allows; nothing changed.</summary>
    OutcomeNotAllowed,
}

/// <summary>What completing a task in the CRM did; <see cref="Outcome"/> is the stored outcome when it was already completed.</summary>
internal sealed record TaskCompletion(TaskCompletionStatus Status, string Key, ImmutableArray<string> AllowedOutcomes, string? Outcome, long? EventId);

/// <summary>What delivering a CRM event (a task outcome, a proposal answer) to its playbook came to.</summary>
internal enum EventResultKind
{
    /// <summary>The outcome moved the instance to another state.</summary>
    Applied,

    /// <summary>The state has no transition on this outcome; nothing changed.</summary>
    NoTransition,

    /// <summary>A guardrail refused the transition the outcome asked for.</summary>
    Refused,

    /// <summary>The instance left the task's state before the outcome arrived.</summary>
    Stale,

    /// <summary>The event was applied before a crash kept the CRM from hearing so; only marked now.</summary>
    AlreadyApplied,

    /// <summary>The account or its instance could not be evaluated (gone, quarantined, no license).</summary>
    Skipped,
}

/// <summary>What delivering one task event to its playbook did.</summary>
/// <param name="Detail">In words, e.g. "CheckIn -> Proposal: 0 task(s), 1 proposal(s)" or why it was skipped.</param>
/// <param name="NewState">The state the instance moved to, or null when it did not move.</param>
internal sealed record TaskEventResult(long EventId, string TaskKey, string AccountId, string PlaybookId, string Outcome, EventResultKind Kind,
    string Detail, string? NewState, int Tasks, int Proposals)
{
    /// <summary>The result as the CRM stores it on the event: the kind, then the detail.</summary>
    public override string ToString() => $"{EventResults.Name(Kind)}: {Detail}";
}

/// <summary>How an event result's kind is spelled where people read it (the CRM's event rows, the API).</summary>
internal static class EventResults
{
    public static string Name(EventResultKind kind) => kind switch
    {
        EventResultKind.Applied => "applied",
        EventResultKind.NoTransition => "no_transition",
        EventResultKind.Refused => "refused",
        EventResultKind.Stale => "stale",
        EventResultKind.AlreadyApplied => "already_applied",
        _ => "skipped",
    };
}
