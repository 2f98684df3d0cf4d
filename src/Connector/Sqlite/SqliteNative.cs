using System.Runtime.InteropServices;

namespace CrmSuite.Connector.Sqlite;

/// <summary>
/// The few SQLite calls the hot loops make, bound straight to the native library the driver loaded (e_sqlite3) on raw
/// handles. The driver's own calls go through a provider interface and take and release each handle's SafeHandle on every
/// call, which a sync makes millions of times. Callers keep the owning <c>sqlite3</c> / <c>sqlite3_stmt</c> objects alive.
/// The column reads skip the GC transition (<see cref="SuppressGCTransitionAttribute"/>): they return within nanoseconds,
/// never block and never call back into .NET, and a metrics report makes a dozen of them per row of a million rows.
/// </summary>
internal static class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_TRANSIENT: SQLite copies the bound bytes before the call returns.</summary>
    public static readonly nint Transient = -1;

    [DllImport(Library)]
    public static extern int sqlite3_bind_null(nint statement, int index);

    [DllImport(Library)]
    public static extern int sqlite3_bind_int64(nint statement, int index, long value);

    [DllImport(Library)]
    public static extern int sqlite3_bind_double(nint statement, int index, double value);

    [DllImport(Library)]
    public static extern int sqlite3_bind_text(nint statement, int index, ref byte text, int bytes, nint destructor);

    [DllImport(Library)]
    public static extern int sqlite3_step(nint statement);

    [DllImport(Library)]
    public static extern int sqlite3_reset(nint statement);

    [DllImport(Library)]
    public static extern int sqlite3_changes(nint database);

    [DllImport(Library)]
    public static extern long sqlite3_last_insert_rowid(nint database);

    [DllImport(Library), SuppressGCTransition]
    public static extern int sqlite3_column_type(nint statement, int column);

    [DllImport(Library), SuppressGCTransition]
    public static extern long sqlite3_column_int64(nint statement, int column);

    [DllImport(Library), SuppressGCTransition]
    public static extern nint sqlite3_column_text(nint statement, int column);

    [DllImport(Library), SuppressGCTransition]
    public static extern int sqlite3_column_bytes(nint statement, int column);
}
