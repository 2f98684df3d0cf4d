namespace CrmSuite.Connector.Web;

/// <summary>
/// The CSM's account view (<c>GET /api/accounts/{id}</c>): the account's signals, its playbooks and their states, its
/// tasks and proposals with their provenance, the touches suppressed for it and its license history. Every string is CRM
/// or store text for the page to escape.
/// </summary>
/// <param name="Problems">Why the signals could not be computed (the account is quarantined), else empty.</param>
internal sealed record AccountView(
    string Id,
    string Name,
    DateOnly Today,
    IReadOnlyList<ReadingView> Signals,
    IReadOnlyList<string> Problems,
    IReadOnlyList<AccountPlaybookView> Playbooks,
    IReadOnlyList<AccountTaskView> Tasks,
    IReadOnlyList<AccountProposalView> Proposals,
    IReadOnlyList<SuppressedView> Suppressed,
    IReadOnlyList<LicenseView> Licenses);

/// <summary>One playbook's stage for the account, as the CRM shows it.</summary>
internal sealed record AccountPlaybookView(string PlaybookId, string Title, int Version, string State, DateTimeOffset Since);

/// <summary>A task, open or past (completed, superseded), with why it exists.</summary>
internal sealed record AccountTaskView(
    string Key, string Subject, string PlaybookId, int PlaybookVersion, string State, DateOnly Due, string Status, string? Outcome, DateTimeOffset CreatedAt,
    WhyView Why);

/// <summary>A proposal, open or answered, with why it was issued.</summary>
internal sealed record AccountProposalView(
    string Key, string OfferId, string PlaybookId, int PlaybookVersion, string State, DateOnly IssuedOn, DateOnly ExpiresOn, string Status, WhyView Why);

/// <summary>A touch a guardrail, preemption or the contact budget suppressed: the rule and the refusal in words.</summary>
internal sealed record SuppressedView(DateTimeOffset At, string PlaybookId, int PlaybookVersion, string From, string To, string Rule, string Reason);

/// <summary>A license change: tier and seats before and after, and the MRR movement it made.</summary>
internal sealed record LicenseView(DateOnly EffectiveOn, string From, string To, decimal MrrBefore, decimal MrrAfter, decimal Movement, string Currency);
