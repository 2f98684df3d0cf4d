using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>
/// Tells whether anything was committed to the state store since it was last asked: SQLite's <c>PRAGMA data_version</c>
/// on a read-only connection kept open for this alone, which changes whenever another connection (the store's own
/// writer, an import in another process) commits. O(1), no table read.
/// </summary>
internal sealed class SqliteChangeCounter(string path) : IDisposable
{
    private readonly Lock _gate = new();
    private SqliteConnection? _connection;
    private SqliteCommand? _query;

    public long Read()
    {
        lock (_gate)
        {
            if (_query is null)
            {
                _connection = SqliteFile.Open(path, readOnly: true);
                _query = _connection.CreateCommand();
                _query.CommandText = "PRAGMA data_version";
            }

            return (long)_query.ExecuteScalar()!;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _query?.Dispose();
            _connection?.Dispose();
            _query = null;
            _connection = null;
        }
    }
}
