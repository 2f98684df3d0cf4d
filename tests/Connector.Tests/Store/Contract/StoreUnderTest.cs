using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Tests.Store.Contract;

/// <summary>One state store adapter, seen only through the store ports, as the connector sees it.</summary>
internal sealed class StoreUnderTest(object store) : IAsyncDisposable
{
    public IPageStore Pages => (IPageStore)store;

    public IOutbox Outbox => (IOutbox)store;

    public ISyncRuns Runs => (ISyncRuns)store;

    public IMrrLedger Ledger => (IMrrLedger)store;

    public IStoreStatus Status => (IStoreStatus)store;

    public IMetricsStore Metrics => (IMetricsStore)store;

    public IUpgradeOverview Overview => store switch
    {
        Connector.Store.Sqlite.SqliteStateStore sqlite => new Connector.Store.Sqlite.SqliteUpgradeOverview(sqlite),
        _ => new Connector.Store.PostgreSql.PostgreSqlUpgradeOverview((Connector.Store.PostgreSql.PostgreSqlStateStore)store),
    };

    public ValueTask DisposeAsync() => ((IAsyncDisposable)store).DisposeAsync();
}
