using CrmSuite.Connector.Store.Sqlite;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Store.Contract;

/// <summary>The state store contract on SQLite: a file in a temp folder.</summary>
public sealed class SqliteStateStoreContract : StateStoreContract, IDisposable
{
    private readonly TempFolder _folder = new();

    private string Path => _folder.File("state.db");

    public void Dispose() => _folder.Dispose();

    internal override Task<StoreUnderTest> OpenAsync() => Task.FromResult(new StoreUnderTest(SqliteStateStore.Open(Path, Time)));

    internal override Task<long> ScalarAsync(string sql) => TestPipeline.StateScalar(Path, sql);
}
