using CrmSuite.Connector.Store.PostgreSql;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Store.Contract;

/// <summary>The state store contract on PostgreSQL: a fresh database on the test server (<c>CRMSUITE_TEST_POSTGRES</c>).</summary>
public sealed class PostgreSqlStateStoreContract : StateStoreContract, IAsyncLifetime
{
    private TestPostgres? _database;

    private TestPostgres Database => _database ?? throw new InvalidOperationException("The test database was not created.");

    public async Task InitializeAsync() => _database = await TestPostgres.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    internal override async Task<StoreUnderTest> OpenAsync() =>
        new(await PostgreSqlStateStore.OpenAsync(Database.ConnectionString, Time, CancellationToken.None));

    internal override Task<long> ScalarAsync(string sql) => Database.ScalarAsync(sql);
}
