namespace CrmSuite.Connector.Sync;

public enum SyncMode
{
    /// <summary>Only accounts changed since the stored watermark.</summary>
    Incremental,

    /// <summary>Every account, from the start.</summary>
    Full,
}

public enum SyncOutcome
{
    Completed,
    Cancelled,
    Failed,
}

/// <summary>What one sync cycle did.</summary>
internal sealed record SyncSummary(
    long SyncId,
    SyncMode Mode,
    SyncOutcome Outcome,
    long Accounts,
    long Pages,
    long Transitions,
    long Tasks,
    long Proposals,
    long Suppressed,
    long Unplaced,
    long Quarantined,
    long Delivered,
    long DeliveryFailures,
    TimeSpan Duration,
    string? Watermark)
{
    public double AccountsPerSecond => Duration.TotalSeconds > 0 ? Accounts / Duration.TotalSeconds : 0;

    public override string ToString() =>
        $"{Mode.ToString().ToLowerInvariant()} sync #{SyncId} {Outcome.ToString().ToLowerInvariant()}: {Accounts} accounts evaluated in {Pages} pages, "
        + $"{Transitions} transitions, {Tasks} tasks and {Proposals} proposals written, {Suppressed} suppressed, {Quarantined} quarantined, "
        + (Unplaced > 0 ? $"{Unplaced} instance(s) left on an old playbook version (see `crmsuite status`), " : "")
        + $"{Delivered} CRM writes delivered{(DeliveryFailures > 0 ? $" ({DeliveryFailures} failed, left in the outbox)" : "")}, "
        + $"{Duration.TotalSeconds:0.00} s ({AccountsPerSecond:0} accounts/s)";
}
