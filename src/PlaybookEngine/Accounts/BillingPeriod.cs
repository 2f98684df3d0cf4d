namespace CrmSuite.PlaybookEngine.Accounts;

public enum BillingPeriod
{
    Monthly,
    Annual,
}
