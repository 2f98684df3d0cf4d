using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Crm;

/// <summary>The customer's answer to a proposal.</summary>
internal enum ProposalAnswer
{
    Accepted,
    Declined,
}

/// <summary>A CSM records the customer's answer: who recorded it, when, and for a decline the customer's reason.</summary>
internal sealed record ProposalAnswerRequest(string Key, ProposalAnswer Answer, string? Reason, string AnsweredBy, DateTimeOffset At);

internal enum ProposalAnswerStatus
{
    /// <summary>The answer and its event are recorded.</summary>
    Answered,

    /// <summary>No proposal has that key.</summary>
    NotFound,

    /// <summary>The proposal was answered, expired or withdrawn before; nothing changed.</summary>
    Closed,

    /// <summary>The proposal's last valid day has passed; nothing changed (the next sweep marks it expired).</summary>
    Expired,
}

/// <summary>What answering a proposal did; <see cref="Status"/> tells the proposal's state when it was closed already.</summary>
internal sealed record ProposalAnswerResult(ProposalAnswerStatus Outcome, string Key, ProposalStatus? Status, long? EventId);

/// <summary>What happened to a proposal.</summary>
internal enum ProposalEventKind
{
    Accepted,
    Declined,
    Expired,
}

/// <summary>A proposal was answered or expired: recorded in the CRM with the status change, then applied by the connector.</summary>
/// <param name="State">The playbook state that issued it: the answer applies only while the instance is still there.</param>
internal sealed record ProposalEvent(long Id, string ProposalKey, string AccountId, string PlaybookId, string State, ProposalEventKind Kind,
    string? Reason, DateTimeOffset CreatedAt);

/// <summary>
/// What a proposal asks the customer to agree to: the license it would become. Stored with the proposal when it is issued,
/// so an acceptance applies exactly what was proposed.
/// </summary>
/// <param name="ProrationLines">The settlement of the current term the offers engine computed, line by line.</param>
/// <param name="TrialDays">For a trial offer, how long the trial of <see cref="ToTier"/> runs; 0 for a license change.</param>
internal sealed record ProposalTerms(
    string SubscriptionId,
    string FromTier,
    int FromSeats,
    string ToTier,
    int ToSeats,
    BillingPeriod Billing,
    int TermMonths,
    decimal MrrAfter,
    string Currency,
    bool RenewsTerm,
    ImmutableArray<ProrationLine> ProrationLines,
    int TrialDays = 0);

/// <summary>One line of a proration: what it is for and its amount (a credit is negative).</summary>
internal sealed record ProrationLine(string Description, decimal Amount);

/// <summary>A proposal as the CRM holds it.</summary>
internal sealed record CrmProposalRecord(
    string Key,
    string AccountId,
    string PlaybookId,
    string State,
    string OfferId,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    ProposalStatus Status,
    ProposalTerms? Terms);
