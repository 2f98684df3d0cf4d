namespace CrmSuite.Connector.Store;

/// <summary>
/// The connector's own state: playbook instances, the audit log, the outbox, sync watermarks and runs, the quarantine
/// and the MRR ledger. A page of a sync is committed with <see cref="CommitPageAsync"/> in one transaction.
/// </summary>
internal interface IStateStore : IAsyncDisposable
{
    Task<string?> GetWatermarkAsync(string source, CancellationToken cancellationToken);

    /// <summary>Loads the instances and last-seen licenses of the given accounts in one query each, into <paramref name="into"/>.</summary>
    Task LoadPageStateAsync(IReadOnlyList<string> accountIds, PageState into, CancellationToken cancellationToken);

    /// <summary>Writes a page's state, audit, outbox, quarantine, ledger and watermark in one transaction.</summary>
    Task CommitPageAsync(PageCommit commit, CancellationToken cancellationToken);

    Task<long> BeginSyncAsync(string mode, string? watermarkFrom, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Closes a sync run; its counters were added page by page with each commit.</summary>
    Task FinishSyncAsync(long syncId, string status, DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyList<OutboxMessage>> ReadPendingOutboxAsync(int max, CancellationToken cancellationToken);

    Task MarkDeliveredAsync(IReadOnlyList<long> ids, DateTimeOffset at, CancellationToken cancellationToken);

    Task MarkFailedAsync(IReadOnlyList<long> ids, string error, CancellationToken cancellationToken);

    Task<StoreStatus> ReadStatusAsync(int recentSyncs, int quarantineRows, CancellationToken cancellationToken);
}

/// <summary>The counters of one sync run.</summary>
internal readonly record struct SyncCounts(long Accounts, long Transitions, long Tasks, long Proposals, long Quarantined);
