namespace CrmSuite.PlaybookEngine.Accounts;

public enum SubscriptionStatus
{
    Active,
    Trial,
    Cancelled,
}
