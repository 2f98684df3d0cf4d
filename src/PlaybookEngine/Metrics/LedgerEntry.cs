namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>
/// One subscription change of the MRR ledger as the metrics read it: the subscription's MRR (already normalized to a
/// month, after discounts) before and after the change, in its own currency. The calculator sums an account's
/// subscriptions and classifies one movement per account per day itself.
/// </summary>
/// <param name="Day">The day the change took effect.</param>
/// <param name="AccountId">The account holding the subscription.</param>
/// <param name="SubscriptionId">The subscription (license) that changed.</param>
/// <param name="MrrBefore">Its MRR before the change; 0 when it was not paying (new, trial, free, cancelled).</param>
/// <param name="MrrAfter">Its MRR after the change; 0 when it stopped paying.</param>
/// <param name="Currency">ISO 4217 code of both amounts.</param>
/// <param name="TierBefore">The tier before the change; null for a subscription seen for the first time.</param>
/// <param name="TierAfter">The tier after the change.</param>
/// <param name="SeatsBefore">Seats before the change (0 for a new subscription).</param>
/// <param name="SeatsAfter">Seats after the change.</param>
/// <param name="ProposalKey">The accepted proposal whose license change made it; null when the sync observed it.</param>
/// <param name="PaidThrough">For a cancellation, the last day already paid for (the end of the paid period), if known.</param>
public readonly record struct LedgerEntry(
    DateOnly Day,
    string AccountId,
    string SubscriptionId,
    decimal MrrBefore,
    decimal MrrAfter,
    string Currency,
    string? TierBefore,
    string TierAfter,
    int SeatsBefore,
    int SeatsAfter,
    string? ProposalKey = null,
    DateOnly? PaidThrough = null);
