using Npgsql;

namespace CrmSuite.Connector.Tests.Support;

/// <summary>
/// A fresh database for one test on the PostgreSQL server named by <c>CRMSUITE_TEST_POSTGRES</c> (which
/// <c>bash scripts/test.sh</c> starts as a throwaway cluster), dropped at dispose. Without the variable the test fails
/// and says how to run it: CI must run these tests, never skip them.
/// </summary>
internal sealed class TestPostgres : IAsyncDisposable
{
    public const string Variable = "CRMSUITE_TEST_POSTGRES";

    private readonly string _server;
    private readonly string _name;

    private TestPostgres(string server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>The test database's connection string.</summary>
    public string ConnectionString { get; }

    public static string Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException(
            $"{Variable} is not set: this test needs a PostgreSQL server. Run the suite with `bash scripts/test.sh`, which starts a throwaway "
            + $"cluster (installing Debian's postgresql if missing), or start one with `eval \"$(bash scripts/pg-test-cluster.sh start)\"` "
            + "before `dotnet test`, and `bash scripts/pg-test-cluster.sh stop` after.");

    public static async Task<TestPostgres> CreateAsync()
    {
        var server = Server;
        var name = $"crmsuite_test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new TestPostgres(server, name);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Waits until no session of <paramref name="applicationName"/> is left: the server ends a session a moment after
    /// its client closed it. Polls the server's own view, with a deadline.
    /// </summary>
    public async Task WaitUntilDisconnectedAsync(string applicationName)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ScalarAsync($"SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '{applicationName}'") > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{applicationName} still has a session 30 s after its store was disposed.");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        // FORCE ends the sessions a test left open (a pooled connection of a store it did not dispose).
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
