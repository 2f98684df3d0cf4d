namespace CrmSuite.PlaybookEngine.Accounts;

/// <summary>Where a subscription stands commercially. A trial of a higher tier on a paid subscription is not this: see <see cref="Subscription.TrialTier"/>.</summary>
public enum SubscriptionStatus
{
    /// <summary>Paid and running.</summary>
    Active,

    /// <summary>The whole subscription is a trial, not yet paid.</summary>
    Trial,

    /// <summary>Ended by the customer; nothing is offered to a cancelled subscription.</summary>
    Cancelled,
}
