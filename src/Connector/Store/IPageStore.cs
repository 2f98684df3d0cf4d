namespace CrmSuite.Connector.Store;

/// <summary>
/// The state store's page path: what a page of accounts needs (instances, last-seen licenses) loaded in one round trip,
/// and everything a page changes committed in ONE transaction, composed from the store's concerns.
/// </summary>
internal interface IPageStore
{
    /// <summary>
    /// Loads the instances and last-seen licenses of the given accounts, and the last-seen values of the licenses they hold
    /// now (<paramref name="subscriptionIds"/>, which may have been seen under another account), into <paramref name="into"/>.
    /// </summary>
    Task LoadPageStateAsync(IReadOnlyList<string> accountIds, IReadOnlyList<string> subscriptionIds, PageState into, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a page's instances, audit, outbox, quarantine, ledger, run counters and watermark in one transaction, and
    /// returns the outbox rows it inserted (a key already in the outbox is the same effect computed again and is left out).
    /// </summary>
    Task<PageCommitResult> CommitPageAsync(PageCommit commit, CancellationToken cancellationToken);
}
