namespace CrmSuite.PlaybookEngine.Accounts;

/// <summary>How often a subscription is invoiced; annual billing earns the price book's annual discount.</summary>
public enum BillingPeriod
{
    /// <summary>Invoiced every month.</summary>
    Monthly,

    /// <summary>Invoiced once a year, in advance.</summary>
    Annual,
}
