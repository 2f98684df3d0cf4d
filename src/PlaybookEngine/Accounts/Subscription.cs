namespace CrmSuite.PlaybookEngine.Accounts;

/// <summary>
/// A license: what the account pays for. <see cref="TrialTier"/> and <see cref="TrialEnd"/> describe a running trial
/// of a higher tier on top of the paid one.
/// </summary>
/// <param name="Id">The CRM subscription id.</param>
/// <param name="AccountId">The account that holds it.</param>
/// <param name="Product">The product, as price books name it.</param>
/// <param name="Tier">The paid tier, one of <see cref="Signals.SignalCatalog.Tiers"/>.</param>
/// <param name="Seats">Seats paid for.</param>
/// <param name="SeatsUsed">Seats assigned to users.</param>
/// <param name="BillingPeriod">How it is invoiced.</param>
/// <param name="TermMonths">The committed term in months.</param>
/// <param name="StartDate">The first day of the subscription; tenure counts from here.</param>
/// <param name="RenewalDate">The next renewal date; null for an open-ended subscription.</param>
/// <param name="Mrr">Monthly recurring revenue in <paramref name="Currency"/>.</param>
/// <param name="Currency">ISO 4217 code of what the account pays in.</param>
/// <param name="Status">Active, trial or cancelled.</param>
/// <param name="TrialTier">The higher tier being trialled on top of the paid one, if a trial runs.</param>
/// <param name="TrialEnd">The last day of that trial.</param>
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
