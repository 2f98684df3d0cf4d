namespace CrmSuite.Connector.Store;

/// <summary>How a column's values travel between stores: the .NET type each store reads into and writes from.</summary>
internal enum StoreValueKind
{
    /// <summary><see cref="string"/>.</summary>
    Text,

    /// <summary><see cref="int"/>.</summary>
    Int32,

    /// <summary><see cref="long"/>.</summary>
    Int64,

    /// <summary><see cref="DateTimeOffset"/> in UTC.</summary>
    Timestamp,

    /// <summary><see cref="DateOnly"/>.</summary>
    Date,

    /// <summary><see cref="decimal"/>.</summary>
    Decimal,

    /// <summary>An <see cref="int"/> array (an instance's per-condition "true since" steps).</summary>
    Int32Array,
}

internal sealed record StoreColumn(string Name, StoreValueKind Kind);

/// <param name="Key">The primary key's columns: rows are read in this order on every store, so their checksums compare.</param>
/// <param name="Identity">The column a store numbers itself (audit, outbox, runs, ledger ids): copied as is, the numbering continues after.</param>
internal sealed record StoreTable(string Name, IReadOnlyList<StoreColumn> Columns, IReadOnlyList<string> Key, string? Identity = null)
{
    public string ColumnList => string.Join(", ", Columns.Select(c => c.Name));
}

/// <summary>
/// The state store's tables at the latest schema version, as <c>crmsuite store migrate</c> copies them: every table
/// except <c>schema_version</c>, which each store keeps for itself.
/// </summary>
internal static class StoreTables
{
    public const int SchemaVersion = 17;

    private static StoreColumn T(string name) => new(name, StoreValueKind.Text);

    private static StoreColumn I(string name) => new(name, StoreValueKind.Int32);

    private static StoreColumn L(string name) => new(name, StoreValueKind.Int64);

    private static StoreColumn At(string name) => new(name, StoreValueKind.Timestamp);

    private static StoreColumn M(string name) => new(name, StoreValueKind.Decimal);

    public static IReadOnlyList<StoreTable> All { get; } =
    [
        new("instances", [T("account_id"), T("playbook_id"), I("version"), T("state"), At("entered_at"), I("step"), L("condition_mask"),
            new("true_since", StoreValueKind.Int32Array), T("experiment"), I("held_out")], ["account_id", "playbook_id"]),
        new("audit_log", [L("id"), At("at"), L("sync_id"), T("triggered_by"), T("account_id"), T("playbook_id"), I("playbook_version"), T("kind"),
            T("from_state"), T("to_state"), T("reason"), T("effect_key"), T("provenance"), T("guardrail")], ["id"], "id"),
        new("outbox", [L("id"), T("key"), T("kind"), T("account_id"), T("payload"), At("created_at"), At("delivered_at"), I("attempts"), T("last_error")],
            ["id"], "id"),
        new("outbox_in_flight", [L("first_id"), L("last_id")], ["first_id"]),
        new("watermarks", [T("source"), T("value"), At("updated_at")], ["source"]),
        new("syncs", [L("id"), T("mode"), T("status"), At("started_at"), At("finished_at"), L("accounts"), L("transitions"), L("tasks"), L("proposals"),
            L("quarantined"), T("watermark_from"), T("watermark_to")], ["id"], "id"),
        new("quarantine", [T("account_id"), T("record_id"), T("field"), T("reason"), At("first_seen"), At("last_seen"), L("sync_id")],
            ["account_id", "record_id", "field"]),
        new("mrr_snapshots", [T("subscription_id"), T("account_id"), T("tier"), I("seats"), M("mrr"), T("currency"), T("status")], ["subscription_id"]),
        new("mrr_ledger", [L("id"), new("day", StoreValueKind.Date), T("account_id"), T("subscription_id"), T("movement"), M("mrr_before"), M("mrr_after"),
            M("delta"), T("tier_before"), T("tier_after"), I("seats_before"), I("seats_after"), T("currency"), T("proposal_key"), new("paid_through", StoreValueKind.Date), I("imported")], ["id"], "id"),
        new("mrr_ledger_set_aside", [L("id"), new("day", StoreValueKind.Date), T("account_id"), T("subscription_id"), T("movement"), M("mrr_before"),
            M("mrr_after"), M("delta"), T("tier_before"), T("tier_after"), I("seats_before"), I("seats_after"), T("currency"), T("proposal_key"),
            new("paid_through", StoreValueKind.Date), I("imported")], ["id"]),
        new("mrr_daily", [new("day", StoreValueKind.Date), T("currency"), I("paying_accounts"), M("mrr")], ["day", "currency"]),
        new("task_routing", [T("key"), T("account_id"), T("playbook_id"), I("step"), T("csm_id"), T("owner_id"), new("week", StoreValueKind.Date), T("outcome"),
            T("priority"), new("deferred_from", StoreValueKind.Date), T("task"), At("routed_at")], ["key"]),
        new("message_variants", [T("account_id"), T("playbook_id"), T("experiment"), T("variant_set"), T("variant"), T("effect_key"), At("first_at")],
            ["playbook_id", "experiment", "variant_set", "account_id"]),
    ];
}
