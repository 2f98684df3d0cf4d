namespace CrmSuite.Connector.Store;

/// <summary>What started a run of the connector over the CRM.</summary>
internal enum SyncRunKind
{
    /// <summary>Accounts changed since the stored watermark.</summary>
    Incremental,

    /// <summary>Every account (the time-trigger sweep).</summary>
    Full,

    /// <summary>CRM events (task outcomes, proposal answers and expiries) applied one account at a time.</summary>
    Events,

    /// <summary>The simulated months `crmsuite demo seed` plays through the engine before the first real sync.</summary>
    DemoSeed,
}

/// <summary>Where a run stands.</summary>
internal enum SyncRunStatus
{
    Running,
    Completed,
    Cancelled,
    Failed,

    /// <summary>The process ended (killed, crashed) while the run was running; found so by the next run.</summary>
    Interrupted,
}

/// <summary>The names of the positions the store keeps in the CRM's streams.</summary>
internal static class Watermarks
{
    /// <summary>The account stream (a row version, a delta link).</summary>
    public const string Accounts = "crm.accounts";

    /// <summary>The last task event applied to the state store.</summary>
    public const string TaskEvents = "crm.task_events";

    /// <summary>The last proposal event (answer or expiry) applied to the state store.</summary>
    public const string ProposalEvents = "crm.proposal_events";
}

/// <summary>Runs and watermarks: each run recorded with its counters (added page by page), and the stream positions.</summary>
internal interface ISyncRuns
{
    Task<string?> GetWatermarkAsync(string source, CancellationToken cancellationToken);

    /// <summary>
    /// Records a new run. A run still marked running is marked <see cref="SyncRunStatus.Interrupted"/> first: runs go one at
    /// a time under the data folder's writer lock, so one left running belonged to a process that ended mid-run.
    /// </summary>
    Task<long> BeginRunAsync(SyncRunKind kind, string? watermarkFrom, DateTimeOffset at, CancellationToken cancellationToken);

    Task FinishRunAsync(long runId, SyncRunStatus status, DateTimeOffset at, CancellationToken cancellationToken);
}
