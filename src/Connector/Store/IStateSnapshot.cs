namespace CrmSuite.Connector.Store;

/// <summary>How many playbook instances sit in one state of one playbook version.</summary>
internal sealed record InstanceCount(string PlaybookId, int Version, string State, long Count);

/// <summary>
/// The state store as the read-only verbs see it (diff, preview, sync --dry-run): read, never created, migrated, locked or
/// written. A store that does not exist reads as empty and says so (<see cref="Exists"/>), so a verb can print "no state store".
/// </summary>
internal interface IStateSnapshot
{
    /// <summary>Where the store is (or would be).</summary>
    string Location { get; }

    /// <summary>False when there is no state store yet: no instances, no watermark, an empty outbox.</summary>
    bool Exists { get; }

    Task<string?> GetWatermarkAsync(string source, CancellationToken cancellationToken);

    /// <summary>The stored instances and last-seen licenses of a page's accounts, as the sync loads them.</summary>
    Task LoadPageStateAsync(IReadOnlyList<string> accountIds, IReadOnlyList<string> subscriptionIds, PageState into, CancellationToken cancellationToken);

    /// <summary>
    /// The writes the next dispatch would deliver, oldest first: the pending rows and those a sync stored in flight and never
    /// confirmed (the dispatcher makes them pending again before it reads).
    /// </summary>
    Task<IReadOnlyList<PendingWrite>> ReadUndeliveredAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Which of <paramref name="keys"/> the outbox already holds for <paramref name="accountId"/>: a write computed again
    /// under a key the outbox has is not stored or delivered a second time.
    /// </summary>
    Task<IReadOnlySet<string>> KnownWriteKeysAsync(IReadOnlyList<(string AccountId, string Key)> keys, CancellationToken cancellationToken);

    /// <summary>In-flight instances per playbook, version and state (of one playbook, or of all when null).</summary>
    Task<IReadOnlyList<InstanceCount>> CountInstancesAsync(string? playbookId, CancellationToken cancellationToken);
}
