using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CrmSuite.Connector.Sqlite;

/// <summary>
/// A read-only connection for one long read on one thread, opened without SQLite's per-connection mutex
/// (SQLITE_OPEN_NOMUTEX): every column read otherwise locks and unlocks it, which is a third of reading a million ledger
/// rows. Only for a connection no other thread ever touches: it is opened, read and closed by the same enumeration.
/// Like <see cref="SqliteFile.Open"/>'s readers it waits up to 30 s for a writer and names a damaged file.
/// </summary>
internal sealed class SingleThreadReader : IDisposable
{
    private readonly sqlite3 _db;

    // Microsoft.Data.Sqlite loads the native library on its first connection; a report may open this one first.
    static SingleThreadReader() => Batteries_V2.Init();

    private SingleThreadReader(sqlite3 db) => _db = db;

    public static SingleThreadReader Open(string path)
    {
        var rc = raw.sqlite3_open_v2(path, out var db, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        var reader = new SingleThreadReader(db);
        try
        {
            Check(path, db, rc);
            Check(path, db, raw.sqlite3_busy_timeout(db, 30_000));
            Check(path, db, raw.sqlite3_exec(db, "PRAGMA cache_size = -16384; SELECT COUNT(*) FROM sqlite_schema;"));
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public RawStatement Prepare(string sql) => new(_db, sql);

    public void Dispose() => _db.Dispose();

    private static void Check(string path, sqlite3 db, int rc)
    {
        if (rc == raw.SQLITE_OK)
        {
            return;
        }

        var ex = new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string() ?? raw.sqlite3_errstr(rc).utf8_to_string(), rc);
        throw SqliteFile.IsCorrupt(ex) ? SqliteFile.Corrupt(path, ex) : ex;
    }
}
