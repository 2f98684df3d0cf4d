using CrmSuite.Connector.Store.Sqlite;
using CrmSuite.Connector.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CrmSuite.Connector.Tests.Store;

/// <summary>What only the SQLite store does; the behaviour every store shares is in Store/Contract.</summary>
public sealed class SqliteStateStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_store_is_in_wal_mode()
    {
        var path = _folder.File("state.db");
        await SqliteStateStore.Open(path, _time).DisposeAsync();

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }
}
