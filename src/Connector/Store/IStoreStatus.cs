namespace CrmSuite.Connector.Store;

/// <summary>The store's view for <c>crmsuite status</c> and the web UI.</summary>
internal interface IStoreStatus
{
    Task<StoreStatus> ReadStatusAsync(int recentSyncs, int quarantineRows, CancellationToken cancellationToken);
}
