namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>Governance status of a playbook version: only approved versions run in production syncs.</summary>
public enum PlaybookStatus
{
    Draft,
    Approved,
    Retired,
}

/// <summary>What kind of play a playbook is; guardrails and preemption work by category.</summary>
public enum PlaybookCategory
{
    Onboarding,
    Adoption,
    Upgrade,
    Trial,
    Renewal,
    Rescue,
}

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

    ProposalAccepted,
    ProposalDeclined,
    ProposalExpired,
}
