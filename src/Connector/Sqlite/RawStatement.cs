using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CrmSuite.Connector.Sqlite;

/// <summary>
/// A statement prepared once on a connection's native handle and re-executed with values bound by position. The managed
/// driver binds parameters by name (a linear search per parameter, per execution), which dominated bulk writes; this
/// binds by index. It runs inside whatever transaction the connection has open.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int _parameters;

    /// <summary>Prepares <paramref name="sql"/>; when <paramref name="names"/> are given, those named parameters become ?1…?n in that order.</summary>
    public RawStatement(SqliteConnection connection, string sql, params string[] names)
    {
        foreach (var (name, index) in names.Select((n, i) => (n, i + 1)).OrderByDescending(p => p.n.Length))
        {
            sql = sql.Replace(name, $"?{index}", StringComparison.Ordinal);
        }

        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        _parameters = raw.sqlite3_bind_parameter_count(_statement);
    }

    /// <summary>The rowid of the last row the connection inserted.</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    /// <summary>Binds <paramref name="values"/> to ?1…?n in order and runs the statement once; returns the rows it changed.</summary>
    public int Execute(params ReadOnlySpan<object?> values)
    {
        if (values.Length != _parameters)
        {
            throw new ArgumentException($"The statement takes {_parameters} values, got {values.Length}.", nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            var index = i + 1;
            var rc = values[i] switch
            {
                null => raw.sqlite3_bind_null(_statement, index),
                string s => raw.sqlite3_bind_text(_statement, index, s),
                int n => raw.sqlite3_bind_int64(_statement, index, n),
                long n => raw.sqlite3_bind_int64(_statement, index, n),
                double d => raw.sqlite3_bind_double(_statement, index, d),
                bool b => raw.sqlite3_bind_int64(_statement, index, b ? 1 : 0),
                var other => throw new ArgumentException($"Value {i} has unsupported type {other.GetType().Name}.", nameof(values)),
            };
            Check(rc);
        }

        var step = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (step != raw.SQLITE_DONE && step != raw.SQLITE_ROW)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), step);
        }

        return raw.sqlite3_changes(_db);
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
        }
    }
}
