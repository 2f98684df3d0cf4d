using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Store;

/// <summary>How every state store spells its enumerations in its columns; the same words on SQLite and PostgreSQL, so a store migrated from one to the other reads the same.</summary>
internal static class StoreText
{
    public static string AuditKind(AuditKind kind) => kind switch
    {
        Store.AuditKind.Transition => "transition",
        Store.AuditKind.Suppressed => "suppressed",
        Store.AuditKind.Unplaced => "unplaced",
        Store.AuditKind.HeldOut => "held_out",
        _ => "account_deleted",
    };

    public static string OutboxKind(CrmWrite write) => write switch
    {
        CrmTask => "task",
        CrmProposal => "proposal",
        _ => "stage",
    };

    public static string Movement(MrrMovementKind kind) => kind switch
    {
        MrrMovementKind.New => "new",
        MrrMovementKind.Expansion => "expansion",
        MrrMovementKind.Contraction => "contraction",
        MrrMovementKind.Churn => "churn",
        _ => "reactivation",
    };

    /// <summary>The kind <see cref="Movement"/> wrote.</summary>
    public static MrrMovementKind ParseMovement(string text) => text switch
    {
        "new" => MrrMovementKind.New,
        "expansion" => MrrMovementKind.Expansion,
        "contraction" => MrrMovementKind.Contraction,
        "churn" => MrrMovementKind.Churn,
        "reactivation" => MrrMovementKind.Reactivation,
        _ => throw new FormatException($"unknown MRR movement '{text}' in mrr_ledger"),
    };

    public static string RunKind(SyncRunKind kind) => kind switch
    {
        SyncRunKind.Incremental => "incremental",
        SyncRunKind.Full => "full",
        SyncRunKind.DemoSeed => "demo-history",
        _ => "events",
    };

    public static SyncRunKind ParseRunKind(string text) => text switch
    {
        "incremental" => SyncRunKind.Incremental,
        "full" => SyncRunKind.Full,
        "events" => SyncRunKind.Events,
        "demo-history" => SyncRunKind.DemoSeed,
        _ => throw new FormatException($"unknown sync run kind '{text}'"),
    };

    public static string RunStatus(SyncRunStatus status) => status switch
    {
        SyncRunStatus.Running => "running",
        SyncRunStatus.Completed => "completed",
        SyncRunStatus.Cancelled => "cancelled",
        SyncRunStatus.Interrupted => "interrupted",
        _ => "failed",
    };

    public static SyncRunStatus ParseRunStatus(string text) => text switch
    {
        "running" => SyncRunStatus.Running,
        "completed" => SyncRunStatus.Completed,
        "cancelled" => SyncRunStatus.Cancelled,
        "failed" => SyncRunStatus.Failed,
        "interrupted" => SyncRunStatus.Interrupted,
        _ => throw new FormatException($"unknown sync run status '{text}'"),
    };
}
