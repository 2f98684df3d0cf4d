using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CrmSuite.Connector.Sqlite;

/// <summary>
/// A statement prepared once on a connection's native handle and re-executed with values bound by position. The managed
/// driver binds parameters by name (a linear search per parameter, per execution), which dominated bulk writes; this
/// binds by index, and makes its calls through <see cref="SqliteNative"/> on the raw handles. It runs inside whatever
/// transaction the connection has open, and must not outlive its connection.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly nint _dbHandle;
    private readonly nint _handle;
    private readonly int _parameters;

    // Text is encoded into this buffer, reused from value to value (SQLite copies it when bound): the driver's own string
    // binding counts the bytes first, then encodes into a zeroed stack buffer, or a fresh array above 512 bytes.
    private byte[] _utf8 = new byte[1024];

    // A column's text read by GetUtf8, reused from row to row.
    private byte[] _column = new byte[256];

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
        _dbHandle = _db.DangerousGetHandle();
        _handle = _statement.DangerousGetHandle();
    }

    /// <summary>Prepares <paramref name="sql"/> on a native connection (a <see cref="SingleThreadReader"/>'s).</summary>
    public RawStatement(sqlite3 db, string sql)
    {
        _db = db;
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        _parameters = raw.sqlite3_bind_parameter_count(_statement);
        _dbHandle = _db.DangerousGetHandle();
        _handle = _statement.DangerousGetHandle();
    }

    /// <summary>The rowid of the last row the connection inserted.</summary>
    public long LastInsertRowId => SqliteNative.sqlite3_last_insert_rowid(_dbHandle);

    /// <summary>Binds <paramref name="values"/> to ?1…?n in order and runs the statement once; returns the rows it changed.</summary>
    public int Execute(params ReadOnlySpan<object?> values)
    {
        Bind(values);
        var step = SqliteNative.sqlite3_step(_handle);
        SqliteNative.sqlite3_reset(_handle);
        if (step != raw.SQLITE_DONE && step != raw.SQLITE_ROW)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), step);
        }

        return SqliteNative.sqlite3_changes(_dbHandle);
    }

    /// <summary>
    /// Binds <paramref name="values"/> to a query; its rows follow with <see cref="Read"/>, their columns read by index
    /// (one native call each, where the managed reader makes three).
    /// </summary>
    public void Query(params ReadOnlySpan<object?> values)
    {
        SqliteNative.sqlite3_reset(_handle);
        Bind(values);
    }

    /// <summary>Steps to the next row of the query; false, and the statement reset, after the last.</summary>
    public bool Read()
    {
        var step = SqliteNative.sqlite3_step(_handle);
        if (step == raw.SQLITE_ROW)
        {
            return true;
        }

        SqliteNative.sqlite3_reset(_handle);
        return step == raw.SQLITE_DONE ? false : throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), step);
    }

    public bool IsDBNull(int column) => SqliteNative.sqlite3_column_type(_handle, column) == raw.SQLITE_NULL;

    public long GetInt64(int column) => SqliteNative.sqlite3_column_int64(_handle, column);

    public int GetInt32(int column) => checked((int)SqliteNative.sqlite3_column_int64(_handle, column));

    public string GetString(int column)
    {
        // Text first, then its length: the length of the text as converted (a number column becomes text).
        var text = SqliteNative.sqlite3_column_text(_handle, column);
        return text == 0 ? "" : Marshal.PtrToStringUTF8(text, SqliteNative.sqlite3_column_bytes(_handle, column));
    }

    /// <summary>
    /// The column's text as UTF-8, copied into a buffer this statement reuses: valid only until the next call, so that a
    /// caller can parse or compare it without allocating a string per row.
    /// </summary>
    public ReadOnlySpan<byte> GetUtf8(int column)
    {
        var text = SqliteNative.sqlite3_column_text(_handle, column);
        if (text == 0)
        {
            return [];
        }

        var length = SqliteNative.sqlite3_column_bytes(_handle, column);
        if (length > _column.Length)
        {
            _column = new byte[length * 2];
        }

        Marshal.Copy(text, _column, 0, length);
        return _column.AsSpan(0, length);
    }

    private void Bind(ReadOnlySpan<object?> values)
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
                null => SqliteNative.sqlite3_bind_null(_handle, index),
                string s => BindText(index, s),
                Utf8Text { Bytes.Length: > 0 } t => SqliteNative.sqlite3_bind_text(_handle, index, ref t.Bytes[0], t.Bytes.Length, SqliteNative.Transient),
                Utf8Text => BindText(index, ""),
                int n => SqliteNative.sqlite3_bind_int64(_handle, index, n),
                long n => SqliteNative.sqlite3_bind_int64(_handle, index, n),
                double d => SqliteNative.sqlite3_bind_double(_handle, index, d),
                bool b => SqliteNative.sqlite3_bind_int64(_handle, index, b ? 1 : 0),
                var other => throw new ArgumentException($"Value {i} has unsupported type {other.GetType().Name}.", nameof(values)),
            };
            Check(rc);
        }
    }

    public void Dispose() => _statement.Dispose();

    private int BindText(int index, string text)
    {
        if (Encoding.UTF8.GetMaxByteCount(text.Length) > _utf8.Length)
        {
            _utf8 = new byte[Encoding.UTF8.GetMaxByteCount(text.Length) * 2];
        }

        // The buffer is never empty, so '' binds as a zero-length text rather than NULL.
        var length = Encoding.UTF8.GetBytes(text, _utf8);
        return SqliteNative.sqlite3_bind_text(_handle, index, ref _utf8[0], length, SqliteNative.Transient);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
        }
    }
}
