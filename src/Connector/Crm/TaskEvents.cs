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
