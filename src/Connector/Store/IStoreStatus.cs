namespace CrmSuite.Connector.Store;

/// <summary>The store's view for <c>crmsuite status</c> and the web UI.</summary>
internal interface IStoreStatus
{
    /// <summary>Where the store lives, for messages (a file path, a server and database).</summary>
    string Location { get; }

    Task<StoreStatus> ReadStatusAsync(int recentSyncs, int quarantineRows, CancellationToken cancellationToken);
}
