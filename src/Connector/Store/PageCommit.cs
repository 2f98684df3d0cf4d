using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Store;

/// <summary>One entry of the audit log: what happened to which instance, why, when and what triggered it.</summary>
internal sealed record AuditEntry(
    DateTimeOffset At,
    string TriggeredBy,
    string AccountId,
    string PlaybookId,
    int PlaybookVersion,
    string Kind,
    string? From,
    string? To,
    string Reason,
    string EffectKey);

/// <summary>A CRM write waiting in the outbox; <see cref="Key"/> is the effect's idempotency key (unique).</summary>
internal sealed record OutboxRow(string Key, string Kind, string AccountId, string Payload);

/// <summary>A CRM record the sync refused to evaluate, with the field at fault and why.</summary>
internal sealed record QuarantineEntry(string AccountId, string RecordId, string Field, string Reason);

/// <summary>
/// Everything one page of a sync changes in the store, written in ONE transaction together with the watermark that
/// says the page is done: either all of it lands or none of it. A page outside the account stream (one account
/// evaluated on a CRM event, recorded as its own sync run) has no <see cref="Watermark"/> and leaves the stored one alone.
/// </summary>
internal sealed record PageCommit(
    long SyncId,
    DateTimeOffset At,
    string WatermarkSource,
    string? Watermark,
    IReadOnlyList<PlaybookInstance> Instances,
    IReadOnlyList<AuditEntry> Audit,
    IReadOnlyList<OutboxRow> Outbox,
    IReadOnlyList<QuarantineEntry> Quarantined,
    IReadOnlyList<string> SeenAccountIds,
    IReadOnlyList<MrrSnapshot> Snapshots,
    IReadOnlyList<MrrMovement> Movements,
    SyncCounts Counts)
{
    /// <summary>When set, the commit fills it with the id of each <see cref="Outbox"/> row it inserted, in order (0 for a key already there).</summary>
    public List<long>? OutboxIds { get; init; }

    /// <summary>Outbox rows already written to the CRM, marked delivered in the same transaction.</summary>
    public IReadOnlyList<long> Delivered { get; init; } = [];
}
