using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Crm;

/// <summary>The reads behind the CSM's account view: one account's playbook stages, tasks, proposals and license changes.</summary>
internal interface ICrmAccountView
{
    /// <summary>Everything the CRM holds of the account's plays, or null when no such account exists.</summary>
    Task<CrmAccountActivity?> ReadAccountActivityAsync(string accountId, int maxRows, CancellationToken cancellationToken);
}

/// <summary>One account's plays as the CRM holds them: newest first, at most the rows asked for of each kind.</summary>
internal sealed record CrmAccountActivity(
    string AccountId,
    string AccountName,
    IReadOnlyList<CrmStageRow> Stages,
    IReadOnlyList<CrmTaskRow> Tasks,
    IReadOnlyList<CrmProposalRow> Proposals,
    IReadOnlyList<CrmLicenseChangeRow> LicenseChanges);

/// <summary>The account's current stage in one playbook.</summary>
internal sealed record CrmStageRow(string PlaybookId, int PlaybookVersion, string Stage, DateTimeOffset EnteredAt);

/// <summary>A task, open or past, with its provenance.</summary>
/// <param name="Status">open, completed or superseded.</param>
internal sealed record CrmTaskRow(
    string Key, string PlaybookId, int PlaybookVersion, string State, string Subject, DateOnly Due, string Status, string? Outcome, DateTimeOffset CreatedAt,
    Reason Reason);

/// <summary>A proposal, open or answered, with its provenance.</summary>
internal sealed record CrmProposalRow(
    string Key, string PlaybookId, int PlaybookVersion, string State, string OfferId, DateOnly IssuedOn, DateOnly ExpiresOn, string Status, Reason Reason);

/// <summary>A license change an accepted proposal made: tier and seats before and after, and the MRR movement.</summary>
internal sealed record CrmLicenseChangeRow(
    string ProposalKey, DateOnly EffectiveOn, string FromTier, int FromSeats, string ToTier, int ToSeats, decimal MrrBefore, decimal MrrAfter, string Currency);
