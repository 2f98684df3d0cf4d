using CrmSuite.PlaybookEngine.Playbooks;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// The tasks an account read takes for the contact history: the CrmSuite tasks (<c>cs_stepkey ne null</c>) opened in the
/// longest window of the contact policy, whatever became of them. Without a policy, or one whose <c>counts</c> leave out
/// <c>upgrade_task</c>, no task is read.
/// </summary>
internal sealed partial class DataverseGateway
{
    /// <summary>The days of tasks a read needs for <paramref name="policy"/>: its longest window, or 0 when tasks do not count.</summary>
    public static int TouchWindowDays(ContactPolicy? policy) =>
        policy is not null && policy.CountsKind(TouchKind.UpgradeTask) ? Math.Max(policy.PerAccount?.Days ?? 0, policy.PerContact?.Days ?? 0) : 0;

    /// <summary>
    /// The filter of the tasks to read now, or null for none. A task created on day D counts through D + days − 1, so the
    /// tasks created from today − days on are read: one day more than today's window needs, which keeps a sync whose day
    /// began just before midnight UTC covered when the read runs just after it.
    /// </summary>
    private string? TouchFilter()
    {
        var days = TouchWindowDays(_contactPolicy?.Invoke());
        if (days == 0)
        {
            return null;
        }

        var from = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime).AddDays(-days);
        return $"cs_stepkey ne null and cs_createdat ge {OData.Timestamp(new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))}";
    }
}
