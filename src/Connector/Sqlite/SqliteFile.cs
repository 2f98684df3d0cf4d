using Microsoft.Data.Sqlite;

namespace CrmSuite.Connector.Sqlite;

/// <summary>A data file is not a SQLite database, or is damaged; the message names it and what to do.</summary>
internal sealed class DataFileCorruptException(string message, Exception inner) : Exception(message, inner);

/// <summary>Opens the connector's SQLite files the same way everywhere: WAL, normal sync, a foreign-key check, a busy timeout.</summary>
internal static class SqliteFile
{
    /// <summary>Opens <paramref name="path"/>; a <paramref name="readOnly"/> connection is a reader beside the file's writer (WAL).</summary>
    public static Task<SqliteConnection> OpenAsync(string path, CancellationToken cancellationToken, bool readOnly = false)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Open(path, readOnly));
    }

    /// <summary>Opens <paramref name="path"/> synchronously (SQLite's own API is synchronous; the async one only wraps it).</summary>
    /// <param name="pageSize">The page size a new file is created with (an existing file keeps its own).</param>
    public static SqliteConnection Open(string path, bool readOnly = false, int pageSize = 4096)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            // Touches the header and the schema page: a file that is not a database, or was cut short, fails here with
            // its name, before anything reads or writes it.
            using var probe = connection.CreateCommand();
            probe.CommandText = "SELECT COUNT(*) FROM sqlite_schema";
            probe.ExecuteScalar();
        }
        catch (SqliteException ex) when (IsCorrupt(ex))
        {
            connection.Dispose();
            throw Corrupt(path, ex);
        }

        // WAL lets the dispatcher and a status reader work beside a running sync; NORMAL is durable at each checkpoint
        // and loses at most the last transactions on power loss, never consistency. The automatic checkpoint comes every
        // 256 MB of log: the state store checkpoints in the background (WalCheckpointer), this only bounds the log (the
        // pragma counts pages).
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = readOnly ? "PRAGMA busy_timeout = 30000; PRAGMA cache_size = -16384;" : $"""
            PRAGMA page_size = {pageSize};
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA foreign_keys = ON;
            PRAGMA busy_timeout = 30000;
            PRAGMA cache_size = -65536;
            PRAGMA temp_store = MEMORY;
            """;
        pragmas.ExecuteNonQuery();
        if (!readOnly)
        {
            pragmas.CommandText = "PRAGMA page_size";
            var actual = Convert.ToInt64(pragmas.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            pragmas.CommandText = $"PRAGMA wal_autocheckpoint = {256L * 1024 * 1024 / actual}";
            pragmas.ExecuteNonQuery();
        }

        return connection;
    }

    /// <summary>SQLITE_NOTADB or SQLITE_CORRUPT: the file is not a database, or a damaged one.</summary>
    public static bool IsCorrupt(SqliteException ex) => ex.SqliteErrorCode is 26 or 11;

    public static DataFileCorruptException Corrupt(string path, SqliteException ex) => new(
        $"{path} is not a usable SQLite database ({ex.Message.Replace("SQLite Error ", "error ", StringComparison.Ordinal)}). Nothing was changed: "
        + "restore the file from a backup, or move it aside to start that file afresh.", ex);

    /// <summary>Deletes a closed database file with its WAL and shared-memory files, if they exist.</summary>
    public static void Delete(string path)
    {
        foreach (var file in Companions(path))
        {
            File.Delete(file);
        }
    }

    /// <summary>Moves a closed database file (and its WAL, if one was left; the shared-memory index is rebuilt) over <paramref name="to"/>, replacing it.</summary>
    public static void Move(string from, string to)
    {
        Delete(to);
        File.Delete(from + "-shm");
        File.Move(from, to);
        if (File.Exists(from + "-wal"))
        {
            File.Move(from + "-wal", to + "-wal");
        }
    }

    private static string[] Companions(string path) => [path, path + "-wal", path + "-shm"];

    public static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A command prepared once and reused with new parameter values, as the hot loops need.</summary>
    public static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        return command;
    }

    public static object Db(object? value) => value ?? DBNull.Value;
}
