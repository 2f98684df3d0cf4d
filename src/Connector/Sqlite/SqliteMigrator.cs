using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CrmSuite.Connector.Sqlite;

/// <summary>
/// The one migration scheme of the connector's SQLite files: ordered SQL scripts embedded in the assembly under a
/// resource prefix (<c>NNNN_name.sql</c>), each applied once in its own immediate transaction together with its row in
/// <c>schema_version</c>, in version order; a script whose version is not recorded is applied even when a higher one is.
/// The versions are read again inside that transaction, so two processes opening a new file at once apply each script once.
/// </summary>
internal sealed class SqliteMigrator
{
    private readonly string _prefix;
    private readonly string _what;

    /// <param name="prefix">The resource name prefix of the scripts, e.g. <c>CrmSuite.Connector.Store.Sqlite.Migrations.</c>.</param>
    /// <param name="what">What the file is, for messages (e.g. "state store").</param>
    public SqliteMigrator(string prefix, string what)
    {
        _prefix = prefix;
        _what = what;
        Scripts = [.. typeof(SqliteMigrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Version: int.Parse(n.AsSpan(prefix.Length, 4), CultureInfo.InvariantCulture), Name: n))
            .OrderBy(s => s.Version)];
        if (Scripts.Count == 0)
        {
            throw new InvalidOperationException($"No migration scripts are embedded under {prefix}.");
        }
    }

    public IReadOnlyList<(int Version, string Name)> Scripts { get; }

    public int Latest => Scripts[^1].Version;

    /// <summary>Brings the database up to the latest schema; returns the versions applied. SQLite works synchronously.</summary>
    public IReadOnlyList<int> Migrate(SqliteConnection connection, DateTimeOffset now)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
            create.ExecuteNonQuery();
        }

        var applied = new List<int>();
        foreach (var (number, name) in Scripts)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var current = Current(connection, transaction);
            if (current > Latest)
            {
                throw new InvalidOperationException(
                    $"{connection.DataSource}: {_what} schema version {current} is newer than this connector knows ({Latest}); upgrade the connector.");
            }

            // Version numbers are handed out per branch, so a file can reach a higher number before a lower one exists:
            // a script is skipped because its version is recorded, not because a higher one is.
            if (IsApplied(connection, transaction, number))
            {
                continue;
            }

            using (var script = connection.CreateCommand())
            {
                script.Transaction = transaction;
                script.CommandText = Read(name);
                script.ExecuteNonQuery();
            }

            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES ($v, $n, $at)";
            record.Parameters.AddWithValue("$v", number);
            record.Parameters.AddWithValue("$n", name[_prefix.Length..]);
            record.Parameters.AddWithValue("$at", SqliteText.Timestamp(now));
            record.ExecuteNonQuery();
            transaction.Commit();
            applied.Add(number);
        }

        return applied;
    }

    private static int Current(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static bool IsApplied(SqliteConnection connection, SqliteTransaction transaction, int version)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM schema_version WHERE version = $v";
        command.Parameters.AddWithValue("$v", version);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static string Read(string resource)
    {
        using var stream = typeof(SqliteMigrator).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Migration resource {resource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
