namespace CrmSuite.PlaybookEngine.Accounts;

/// <summary>
/// A license: what the account pays for. <see cref="TrialTier"/> and <see cref="TrialEnd"/> describe a running trial
/// of a higher tier on top of the paid one.
/// </summary>
public sealed record Subscription(
    string Id,
    string AccountId,
    string Product,
    string Tier,
    int Seats,
    int SeatsUsed,
    BillingPeriod BillingPeriod,
    int TermMonths,
    DateOnly StartDate,
    DateOnly? RenewalDate,
    decimal Mrr,
    string Currency,
    SubscriptionStatus Status,
    string? TrialTier = null,
    DateOnly? TrialEnd = null);
