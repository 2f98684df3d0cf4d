using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Store;

public enum MrrMovementKind
{
    New,
    Expansion,
    Contraction,
    Churn,
    Reactivation,
}

/// <summary>The last values of a subscription the connector saw, to compare the next observation with.</summary>
internal sealed record MrrSnapshot(string SubscriptionId, string AccountId, string Tier, int Seats, decimal Mrr, string Currency, SubscriptionStatus Status)
{
    /// <summary>Counts towards MRR: not cancelled and paying something.</summary>
    public bool Paying => Status != SubscriptionStatus.Cancelled && Mrr > 0;
}

/// <summary>
/// One MRR movement of the ledger: a subscription's MRR, tier or seats changed on <see cref="Day"/>; made by the license
/// change of the accepted proposal <see cref="ProposalKey"/>, or observed by the sync when it is null. A churn keeps the
/// last day already paid for (<see cref="PaidThrough"/>, the day before the renewal date), when the license has one.
/// </summary>
internal sealed record MrrMovement(
    DateOnly Day,
    string AccountId,
    string SubscriptionId,
    MrrMovementKind Kind,
    decimal MrrBefore,
    decimal MrrAfter,
    string? TierBefore,
    string TierAfter,
    int SeatsBefore,
    int SeatsAfter,
    string Currency,
    string? ProposalKey = null,
    DateOnly? PaidThrough = null);
