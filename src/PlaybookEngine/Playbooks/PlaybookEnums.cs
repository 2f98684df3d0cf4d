namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>Governance status of a playbook version: only approved versions run in production syncs.</summary>
public enum PlaybookStatus
{
    /// <summary>Being written: validated and simulated, never run by a sync unless drafts are asked for.</summary>
    Draft,

    /// <summary>Published: syncs evaluate it.</summary>
    Approved,

    /// <summary>Withdrawn: kept for history, no longer run.</summary>
    Retired,
}

/// <summary>What kind of play a playbook is; guardrails and preemption work by category.</summary>
public enum PlaybookCategory
{
    /// <summary>Gets a new account to first value.</summary>
    Onboarding,

    /// <summary>Deepens use of what the account already pays for.</summary>
    Adoption,

    /// <summary>Proposes a higher tier or more seats; subject to the upgrade guardrails.</summary>
    Upgrade,

    /// <summary>Runs a trial of a higher tier; subject to the upgrade guardrails.</summary>
    Trial,

    /// <summary>Prepares the renewal, possibly with an upgrade proposal in the renewal packet.</summary>
    Renewal,

    /// <summary>Answers churn risk; a rescue playbook usually pauses upgrade and trial plays while engaged (<c>preempts</c>).</summary>
    Rescue,
}

/// <summary>What makes a transition fire: a condition over signals, time, or an event from the CRM.</summary>
public enum TriggerKind
{
    /// <summary><c>when `condition` [for N days]</c>: fires when the condition becomes true (edge), optionally held N days.</summary>
    When,

    /// <summary><c>after N days</c> in the state.</summary>
    After,

    /// <summary><c>N days before renewal</c>.</summary>
    BeforeRenewal,

    /// <summary><c>at trial end</c>.</summary>
    TrialEnd,

    /// <summary><c>on outcome NAME</c>: a CSM completed one of the state's tasks with that outcome.</summary>
    Outcome,

    /// <summary><c>on proposal accepted</c>: the customer accepted the proposal the state issued.</summary>
    ProposalAccepted,

    /// <summary><c>on proposal declined</c>: the customer declined it.</summary>
    ProposalDeclined,

    /// <summary><c>on proposal expired</c>: it passed its expiry date unanswered.</summary>
    ProposalExpired,
}

/// <summary>
/// Why a task exists, which decides whether the guardrails apply to it (the <c>purpose:</c> line of a task).
/// </summary>
public enum TaskPurpose
{
    /// <summary>Anything that is not an upgrade prompt: onboarding, unblocking, rescue, renewal paperwork. Never refused by a guardrail.</summary>
    Help,

    /// <summary>An upgrade conversation: the state that opens it is an upgrade prompt, limited by the guardrails.</summary>
    Upgrade,
}

/// <summary>The event a task prepares (the <c>deadline:</c> line of a task): the task is never due after it.</summary>
public enum TaskDeadline
{
    /// <summary>No deadline besides the due offset (and the state's own calendar exits).</summary>
    None,

    /// <summary>The account's next renewal.</summary>
    Renewal,

    /// <summary>The end of the running trial.</summary>
    TrialEnd,
}
