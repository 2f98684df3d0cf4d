namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>What the groupings and filters read of an account: its current segment, industry and CSM.</summary>
/// <param name="AccountId">The CRM account id.</param>
/// <param name="Segment">Company size (smb, mid_market, enterprise).</param>
/// <param name="Industry">The account's industry.</param>
/// <param name="CsmId">The CSM who owns the account now, if any.</param>
public sealed record AccountProfile(string AccountId, string Segment, string Industry, string? CsmId);

/// <summary>Where a proposal stands.</summary>
public enum ProposalOutcome
{
    /// <summary>Issued, not answered yet.</summary>
    Open,

    /// <summary>The customer accepted it.</summary>
    Accepted,

    /// <summary>The customer declined it.</summary>
    Declined,

    /// <summary>Its last valid day passed without an answer.</summary>
    Expired,

    /// <summary>The playbook withdrew it (the account left the state that issued it).</summary>
    Withdrawn,
}

/// <summary>A proposal the playbooks issued, and what became of it.</summary>
/// <param name="Key">The proposal's idempotency key; ledger entries of the license change it made carry it.</param>
/// <param name="AccountId">The account it was issued to.</param>
/// <param name="PlaybookId">The playbook that issued it.</param>
/// <param name="IssuedOn">The day it was issued.</param>
/// <param name="Outcome">Open, accepted, declined, expired or withdrawn.</param>
/// <param name="AnsweredOn">The day it was accepted, declined or expired; null while open.</param>
/// <param name="TrialTier">For a trial offer, the tier trialled; null for an upgrade proposal.</param>
/// <param name="TrialDays">For a trial offer, the trial's length in days.</param>
public sealed record ProposalRecord(
    string Key,
    string AccountId,
    string PlaybookId,
    DateOnly IssuedOn,
    ProposalOutcome Outcome,
    DateOnly? AnsweredOn,
    string? TrialTier = null,
    int TrialDays = 0);

/// <summary>What became of a CSM task.</summary>
public enum TaskProgress
{
    /// <summary>Still open.</summary>
    Open,

    /// <summary>The CSM completed it with an outcome.</summary>
    Completed,

    /// <summary>Its playbook moved on before the CSM completed it.</summary>
    Superseded,
}

/// <summary>A task a playbook opened for a CSM.</summary>
/// <param name="AccountId">The account it is about.</param>
/// <param name="OwnerId">The CSM it was assigned to; null when the account had none.</param>
/// <param name="PlaybookId">The playbook that opened it.</param>
/// <param name="State">The playbook state that opened it.</param>
/// <param name="CreatedOn">The day it was opened.</param>
/// <param name="Progress">Open, completed or superseded.</param>
/// <param name="Outcome">The outcome the CSM recorded, for a completed task.</param>
public sealed record TaskRecord(string AccountId, string? OwnerId, string PlaybookId, string State, DateOnly CreatedOn, TaskProgress Progress, string? Outcome);

/// <summary>A playbook transition from the audit log.</summary>
/// <param name="AccountId">The account that moved.</param>
/// <param name="PlaybookId">The playbook it moved in.</param>
/// <param name="FromState">The state it left.</param>
/// <param name="ToState">The state it entered.</param>
/// <param name="Day">The day of the transition.</param>
public sealed record TransitionRecord(string AccountId, string PlaybookId, string? FromState, string ToState, DateOnly Day);

/// <summary>One day's usage of an account, for adoption after an upgrade.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Day">The day the reading was taken.</param>
/// <param name="SeatUtilization">Seats used / seats paid (the 28-day minimum), 0..1 and above when over-assigned.</param>
/// <param name="ActiveUsers">Users active in the 30 days before the reading.</param>
public readonly record struct UsageReading(string AccountId, DateOnly Day, decimal SeatUtilization, int ActiveUsers);
