using System.Text.Json;
using CrmSuite.Connector.Accounts;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Sqlite;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Store;

/// <summary>What an audit entry records.</summary>
internal enum AuditKind
{
    /// <summary>An instance moved from one state to another.</summary>
    Transition,

    /// <summary>A transition a guardrail refused.</summary>
    Suppressed,

    /// <summary>The account was deleted in the CRM; its instance ended.</summary>
    AccountDeleted,

    /// <summary>
    /// The playbook version in force has no state of that name: the instance stays frozen on its old version. Stored once
    /// per instance step and version (the effect's key), however often the sync sees it.
    /// </summary>
    Unplaced,

    /// <summary>The playbook's experiment held the account out of the play (the control group): no task or proposal follows.</summary>
    HeldOut,
}

/// <summary>One entry of the audit log: what happened to which instance, why (structured), when and what triggered it.</summary>
/// <param name="Refusal">For <see cref="AuditKind.Suppressed"/>, the guardrail that refused.</param>
internal sealed record AuditEntry(
    DateTimeOffset At,
    string TriggeredBy,
    string AccountId,
    string PlaybookId,
    int PlaybookVersion,
    AuditKind Kind,
    Reason Reason,
    GuardrailRefusal? Refusal,
    string EffectKey)
{
    /// <summary>The reason as JSON, serialized once by the stage that made the entry (not in the page's transaction).</summary>
    public string ProvenanceJson { get; } = JsonSerializer.Serialize(Reason, CrmJson.Default.Reason);
}

/// <summary>A CRM write on its way into the outbox, serialized once (as the UTF-8 the store keeps) by the stage that made it.</summary>
internal sealed record OutboxRow(CrmWrite Write, Utf8Text Payload)
{
    public static OutboxRow Of(CrmWrite write) => new(write, new Utf8Text(JsonSerializer.SerializeToUtf8Bytes(write, CrmJson.Default.CrmWrite)));
}

/// <summary>The counters of one page, added to its run.</summary>
internal readonly record struct SyncCounts(long Accounts, long Transitions, long Tasks, long Proposals, long Quarantined);

/// <summary>
/// Everything one page of a sync changes in the store, written in ONE transaction together with the watermark that
/// says the page is done: either all of it lands or none of it. A page outside the account stream (one account
/// evaluated on a CRM event) names its own watermark source.
/// </summary>
/// <param name="DeletedAccountIds">Accounts deleted in the CRM: their instances, last-seen licenses and quarantine entries go.</param>
/// <param name="Delivered">Outbox rows already written to the CRM, marked delivered in the same transaction.</param>
/// <param name="DeliveredBySync">
/// The sync delivers this page's new outbox rows itself right after the commit: they are stored delivered, their ids
/// journaled as in flight until a later commit lists them in <paramref name="Delivered"/>. Otherwise they wait for the
/// dispatcher.
/// </param>
/// <param name="Routing">Tasks routed by capacity with this page (docs/routing.md): their decisions, and the tasks held.</param>
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
    IReadOnlyList<string> DeletedAccountIds,
    IReadOnlyList<MrrSnapshot> Snapshots,
    IReadOnlyList<MrrMovement> Movements,
    SyncCounts Counts,
    IReadOnlyList<long> Delivered,
    bool DeliveredBySync = false,
    IReadOnlyList<RoutedTask>? Routing = null)
{
    /// <summary>The message variants this page's tasks and proposals carry: the first per account and variant set is kept.</summary>
    public IReadOnlyList<VariantShown> Variants { get; init; } = [];
}

/// <summary>
/// A message variant of a task or proposal written for an account (an A/B test of its wording), stored in
/// <c>message_variants</c>: the first one per account, playbook, experiment and variant set, which the metrics group by.
/// </summary>
internal sealed record VariantShown(string AccountId, string PlaybookId, string Experiment, string VariantSet, string Variant, string EffectKey, DateTimeOffset At);

/// <summary>What a page commit stored: the outbox rows it inserted, with their ids, in the order of the commit's outbox.</summary>
internal sealed record PageCommitResult(IReadOnlyList<PendingWrite> Inserted)
{
    public static PageCommitResult Empty { get; } = new([]);
}
