namespace CrmSuite.Connector.Store;

/// <summary>One sync as recorded in the store.</summary>
internal sealed record SyncRun(
    long Id,
    SyncRunKind Kind,
    SyncRunStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    long Accounts,
    long Transitions,
    long Tasks,
    long Proposals,
    long Quarantined,
    string? WatermarkFrom,
    string? WatermarkTo);

/// <summary>A quarantined CRM record as <c>crmsuite status</c> lists it.</summary>
internal sealed record QuarantineRow(string AccountId, string RecordId, string Field, string Reason, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

/// <summary>
/// An instance frozen on an old playbook version because the version in force has no state of its name, as
/// <c>crmsuite status</c> lists it while the instance is still there.
/// </summary>
internal sealed record UnplacedRow(string AccountId, string PlaybookId, int Version, string State, string Reason, DateTimeOffset Since);

/// <summary>One experiment of one playbook as <c>crmsuite status</c> counts it: its instances held out and treated.</summary>
internal sealed record ExperimentGroups(string PlaybookId, string Experiment, long HeldOut, long Treated)
{
    /// <summary>The same query on every store: instances assigned under an experiment, per playbook and experiment.</summary>
    public const string Sql = """
        SELECT playbook_id, experiment, SUM(held_out), COUNT(*) - SUM(held_out) FROM instances
        WHERE experiment IS NOT NULL GROUP BY playbook_id, experiment ORDER BY playbook_id, experiment
        """;
}

/// <summary>The store's view for <c>crmsuite status</c>.</summary>
internal sealed record StoreStatus(
    IReadOnlyList<SyncRun> RecentSyncs,
    string? Watermark,
    long OutboxPending,
    DateTimeOffset? OldestPending,
    long OutboxDelivered,
    long QuarantineCount,
    IReadOnlyList<QuarantineRow> Quarantine,
    long Instances,
    long AuditEntries,
    long UnplacedCount = 0,
    IReadOnlyList<UnplacedRow>? Unplaced = null)
{
    /// <summary>Per playbook and experiment, the instances held out and treated.</summary>
    public IReadOnlyList<ExperimentGroups> Experiments { get; init; } = [];
}
