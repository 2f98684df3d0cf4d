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
/// <param name="Key">The idempotency key: the CRM upserts by it, so a re-delivery changes nothing.</param>
/// <param name="AccountId">The CRM account.</param>
/// <param name="PlaybookId">The playbook that produced it.</param>
/// <param name="PlaybookVersion">That playbook's version.</param>
/// <param name="Reason">Why it fired.</param>
public abstract record Effect(string Key, string AccountId, string PlaybookId, int PlaybookVersion, Reason Reason);

/// <summary>The instance moved from one state to another.</summary>
/// <param name="Key">See <see cref="Effect.Key"/>.</param>
/// <param name="AccountId">See <see cref="Effect.AccountId"/>.</param>
/// <param name="PlaybookId">See <see cref="Effect.PlaybookId"/>.</param>
/// <param name="PlaybookVersion">See <see cref="Effect.PlaybookVersion"/>.</param>
/// <param name="Reason">See <see cref="Effect.Reason"/>.</param>
/// <param name="From">The state left.</param>
/// <param name="To">The state entered.</param>
public sealed record TransitionEffect(
    string Key, string AccountId, string PlaybookId, int PlaybookVersion, Reason Reason, string From, string To)
    : Effect(Key, AccountId, PlaybookId, PlaybookVersion, Reason);

/// <summary>A task for the account's CSM, opened on entry to a state.</summary>
/// <param name="Key">See <see cref="Effect.Key"/>.</param>
/// <param name="AccountId">See <see cref="Effect.AccountId"/>.</param>
/// <param name="PlaybookId">See <see cref="Effect.PlaybookId"/>.</param>
/// <param name="PlaybookVersion">See <see cref="Effect.PlaybookVersion"/>.</param>
/// <param name="Reason">See <see cref="Effect.Reason"/>.</param>
/// <param name="State">The state that opened it; leaving the state supersedes it.</param>
/// <param name="Subject">The subject, rendered for the account.</param>
/// <param name="Due">The due date.</param>
/// <param name="OwnerRole">Who does it.</param>
/// <param name="Priority">Its priority.</param>
/// <param name="Outcomes">The outcomes the CSM may record.</param>
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
    : Effect(Key, AccountId, PlaybookId, PlaybookVersion, Reason)
{
    /// <summary>The message variant whose subject the task carries, or null when the task has no variant lines.</summary>
    public VariantChoice? Variant { get; init; }
}

/// <summary>An upgrade proposal to issue, built from an offer of the price book.</summary>
/// <param name="Key">See <see cref="Effect.Key"/>.</param>
/// <param name="AccountId">See <see cref="Effect.AccountId"/>.</param>
/// <param name="PlaybookId">See <see cref="Effect.PlaybookId"/>.</param>
/// <param name="PlaybookVersion">See <see cref="Effect.PlaybookVersion"/>.</param>
/// <param name="Reason">See <see cref="Effect.Reason"/>.</param>
/// <param name="State">The state that issued it.</param>
/// <param name="OfferId">The offer to build the proposal from.</param>
/// <param name="ExpiresOn">
/// The last day it can be accepted, by the playbook alone: today plus its <c>valid:</c>, or 30 days when the line has none.
/// The connector dates the CRM row by the offers engine's rule (<c>ProposalValidity</c>), which also knows the offer.
/// </param>
/// <param name="ValidDays">The line's <c>valid:</c> in days, or null when it leaves the validity to the offer.</param>
public sealed record ProposalEffect(
    string Key, string AccountId, string PlaybookId, int PlaybookVersion, Reason Reason, string State, string OfferId, DateOnly ExpiresOn,
    int? ValidDays = null)
    : Effect(Key, AccountId, PlaybookId, PlaybookVersion, Reason)
{
    /// <summary>The message variant the proposal carries, or null when the proposal has no variant lines.</summary>
    public VariantChoice? Variant { get; init; }

    /// <summary>The variant's cover message, rendered for the account; null for the control and without variant lines.</summary>
    public string? Message { get; init; }
}

/// <summary>Which message variant of a task or proposal an account got, chosen by <c>ExperimentAssignment.Variant</c>.</summary>
/// <param name="Experiment">The experiment the choice was made under.</param>
/// <param name="Set">The variant set: the state, <c>task</c> or <c>proposal</c>, and its 1-based place there, e.g. <c>CheckIn/task/1</c>.</param>
/// <param name="Variant">The variant's name; <c>control</c> for the message as written without a variant line.</param>
public sealed record VariantChoice(string Experiment, string Set, string Variant);

/// <summary>A transition that would have fired but a guardrail or a higher-priority play refused it; logged, never silent.</summary>
/// <param name="Key">See <see cref="Effect.Key"/>.</param>
/// <param name="AccountId">See <see cref="Effect.AccountId"/>.</param>
/// <param name="PlaybookId">See <see cref="Effect.PlaybookId"/>.</param>
/// <param name="PlaybookVersion">See <see cref="Effect.PlaybookVersion"/>.</param>
/// <param name="Reason">See <see cref="Effect.Reason"/>.</param>
/// <param name="From">The state the instance stays in.</param>
/// <param name="To">The state it would have entered.</param>
/// <param name="Guardrail">The rule that refused, and what it saw.</param>
public sealed record SuppressedEffect(
    string Key, string AccountId, string PlaybookId, int PlaybookVersion, Reason Reason, string From, string To, GuardrailRefusal Guardrail)
    : Effect(Key, AccountId, PlaybookId, PlaybookVersion, Reason);

/// <summary>
/// An instance the playbook's current version cannot place: its state no longer exists there. It stays on its old
/// version, frozen, until a person moves it; reported at every evaluation under the same key, so a store can keep one entry.
/// </summary>
/// <param name="Key">See <see cref="Effect.Key"/>: the same for the instance's step and the version it cannot move to.</param>
/// <param name="AccountId">See <see cref="Effect.AccountId"/>.</param>
/// <param name="PlaybookId">See <see cref="Effect.PlaybookId"/>.</param>
/// <param name="PlaybookVersion">The version the instance is still on.</param>
/// <param name="Reason">See <see cref="Effect.Reason"/>: from the instance's state, to nothing.</param>
/// <param name="State">The state that no longer exists.</param>
/// <param name="TargetVersion">The version in force, which has no such state.</param>
/// <param name="Problem">In words, for the log, the audit and <c>crmsuite status</c>.</param>
public sealed record UnplacedEffect(
    string Key, string AccountId, string PlaybookId, int PlaybookVersion, Reason Reason, string State, int TargetVersion, string Problem)
    : Effect(Key, AccountId, PlaybookId, PlaybookVersion, Reason);

/// <summary>
/// The playbook's experiment held the account out of the play: its instance waits, recorded as held out, and nothing is
/// written to the CRM for it. Reported once, when the account is assigned to the held-out group.
/// </summary>
/// <param name="Key">See <see cref="Effect.Key"/>: one per account, playbook and experiment.</param>
/// <param name="AccountId">See <see cref="Effect.AccountId"/>.</param>
/// <param name="PlaybookId">See <see cref="Effect.PlaybookId"/>.</param>
/// <param name="PlaybookVersion">See <see cref="Effect.PlaybookVersion"/>.</param>
/// <param name="Reason">See <see cref="Effect.Reason"/>: in the start state, the trigger names the experiment and the share.</param>
/// <param name="Experiment">The experiment's id.</param>
/// <param name="Bucket">The account's bucket, in [0, 10000): held out because it is below the share in basis points.</param>
/// <param name="HoldoutBasisPoints">The share held out, in basis points.</param>
public sealed record HeldOutEffect(
    string Key, string AccountId, string PlaybookId, int PlaybookVersion, Reason Reason, string Experiment, int Bucket, int HoldoutBasisPoints)
    : Effect(Key, AccountId, PlaybookId, PlaybookVersion, Reason);
