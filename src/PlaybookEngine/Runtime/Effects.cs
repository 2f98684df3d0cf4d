using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>A task's priority in the CSM's work queue and in the CRM.</summary>
public enum TaskPriority
{
    /// <summary>When time allows.</summary>
    Low,

    /// <summary>The default.</summary>
    Normal,

    /// <summary>Ahead of normal work.</summary>
    High,

    /// <summary>Today: e.g. a rescue of an account at churn risk.</summary>
    Urgent,
}

/// <summary>
/// Something the CRM should see after an evaluation. <see cref="Key"/> is deterministic (same inputs, same key) and uses
/// only letters, digits, '-' and '_', so it can address a CRM row by alternate key.
/// </summary>
public abstract record Effect(string Key, string AccountId, string PlaybookId, int PlaybookVersion, Reason Reason);

/// <summary>The instance moved from one state to another.</summary>
public sealed record TransitionEffect(
    string Key, string AccountId, string PlaybookId, int PlaybookVersion, Reason Reason, string From, string To)
    : Effect(Key, AccountId, PlaybookId, PlaybookVersion, Reason);

/// <summary>A task for the account's CSM, opened on entry to a state.</summary>
public sealed record TaskEffect(
    string Key,
    string AccountId,
    string PlaybookId,
    int PlaybookVersion,
    Reason Reason,
    string State,
    string Subject,
    DateOnly Due,
    string OwnerRole,
    TaskPriority Priority,
    ImmutableArray<string> Outcomes)
    : Effect(Key, AccountId, PlaybookId, PlaybookVersion, Reason);

/// <summary>An upgrade proposal to issue, built from an offer of the price book.</summary>
public sealed record ProposalEffect(
    string Key, string AccountId, string PlaybookId, int PlaybookVersion, Reason Reason, string State, string OfferId, DateOnly ExpiresOn)
    : Effect(Key, AccountId, PlaybookId, PlaybookVersion, Reason);

/// <summary>A transition that would have fired but a guardrail or a higher-priority play refused it; logged, never silent.</summary>
public sealed record SuppressedEffect(
    string Key, string AccountId, string PlaybookId, int PlaybookVersion, Reason Reason, string From, string To, GuardrailRefusal Guardrail)
    : Effect(Key, AccountId, PlaybookId, PlaybookVersion, Reason);
