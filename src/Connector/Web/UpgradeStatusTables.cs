using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using static CrmSuite.Connector.Web.ReportTable;

namespace CrmSuite.Connector.Web;

/// <summary>The admin view's tables, one method each, from what the ports read.</summary>
internal static class UpgradeStatusTables
{
    private static readonly ProposalStatus[] Statuses = Enum.GetValues<ProposalStatus>();

    /// <summary>One row per playbook: its proposals in each status and in all.</summary>
    public static ReportTable Proposals(IReadOnlyList<ProposalStatusCount> counts) => new("proposals", "Proposals by status",
        [Text("playbook", "Playbook"), .. Statuses.Select(s => Count(Name(s), Label(s))), Count("total", "Total")],
        [.. counts.GroupBy(c => c.PlaybookId, StringComparer.Ordinal).Select(g => (object?[])
        [
            g.Key,
            .. Statuses.Select(s => (object?)g.Where(c => c.Status == s).Sum(c => c.Proposals)),
            g.Sum(c => c.Proposals),
        ])]);

    public static ReportTable Instances(IReadOnlyList<InstanceStateCount> counts) => new("instances", "Playbook instances by state",
        [Text("playbook", "Playbook"), Text("state", "State"), Count("instances", "Instances")],
        [.. counts.Select(c => new object?[] { c.PlaybookId, c.State, c.Instances })]);

    public static ReportTable LicenseTransitions(LicenseTransitions transitions) => new("license-transitions", "License transitions that moved MRR (accepted proposals), latest first",
        [
            Date("day", "Day"), Text("account", "Account"), Text("subscription", "Subscription"), Text("proposal", "Proposal"),
            Text("movement", "Movement"), Text("tierBefore", "Tier before"), Text("tierAfter", "Tier after"),
            Count("seatsBefore", "Seats before"), Count("seatsAfter", "Seats after"),
            Money("mrrBefore", "MRR before"), Money("mrrAfter", "MRR after"), Money("mrrChange", "MRR change"), Text("currency", "Currency"),
        ],
        [.. transitions.Recent.Select(m => new object?[]
        {
            m.Day, m.AccountId, m.SubscriptionId, m.ProposalKey, m.Kind.ToString().ToLowerInvariant(), m.TierBefore, m.TierAfter,
            m.SeatsBefore, m.SeatsAfter, m.MrrBefore, m.MrrAfter, m.MrrAfter - m.MrrBefore, m.Currency,
        })],
        transitions.Total);

    public static ReportTable Outbox(StoreStatus status) => new("outbox", "Outbox backlog (CRM writes)",
        [Count("pending", "Pending"), Timestamp("oldestPending", "Oldest pending since"), Count("delivered", "Delivered")],
        [[status.OutboxPending, status.OldestPending, status.OutboxDelivered]]);

    public static ReportTable Syncs(StoreStatus status) => new("syncs", "Last syncs",
        [
            Count("id", "Run"), Text("kind", "Kind"), Text("status", "Status"), Timestamp("startedAt", "Started"), Timestamp("finishedAt", "Finished"),
            Count("accounts", "Accounts"), Count("transitions", "Transitions"), Count("tasks", "Tasks"), Count("proposals", "Proposals"),
            Count("quarantined", "Quarantined"),
        ],
        [.. status.RecentSyncs.Select(s => new object?[]
        {
            s.Id, s.Kind.ToString().ToLowerInvariant(), s.Status.ToString().ToLowerInvariant(), s.StartedAt, s.FinishedAt,
            s.Accounts, s.Transitions, s.Tasks, s.Proposals, s.Quarantined,
        })]);

    public static ReportTable Quarantine(StoreStatus status) => new("quarantine", "Quarantined CRM records",
        [
            Text("account", "Account"), Text("record", "Record"), Text("field", "Field"), Text("reason", "Reason"),
            Timestamp("firstSeen", "First seen"), Timestamp("lastSeen", "Last seen"),
        ],
        [.. status.Quarantine.Select(q => new object?[] { q.AccountId, q.RecordId, q.Field, q.Reason, q.FirstSeen, q.LastSeen })],
        status.QuarantineCount);

    public static ReportTable Unplaced(StoreStatus status) => new("unplaced", "Instances no playbook version places",
        [Text("account", "Account"), Text("playbook", "Playbook"), Count("version", "Version"), Text("state", "State"), Text("reason", "Reason"), Timestamp("since", "Since")],
        [.. (status.Unplaced ?? []).Select(u => new object?[] { u.AccountId, u.PlaybookId, u.Version, u.State, u.Reason, u.Since })],
        status.UnplacedCount);

    private static string Name(ProposalStatus status) => status.ToString().ToLowerInvariant();

    private static string Label(ProposalStatus status) => status == ProposalStatus.Issued ? "Open" : status.ToString();
}
