using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Store.Migrations;

/// <summary>
/// Applies the ordered SQL scripts embedded beside this class (<c>NNNN_name.sql</c>) that are newer than the highest
/// version in <c>schema_version</c>, each in its own transaction with its version row.
/// </summary>
internal static class SchemaMigrator
{
    private const string Prefix = "CrmSuite.Connector.Store.Migrations.";

    public static IReadOnlyList<(int Version, string Name)> Scripts { get; } = Assembly.GetExecutingAssembly()
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Select(n => (Version: int.Parse(n.AsSpan(Prefix.Length, 4), CultureInfo.InvariantCulture), Name: n))
        .OrderBy(s => s.Version)
        .ToArray();

    public static int Latest => Scripts.Count == 0 ? 0 : Scripts[^1].Version;

    /// <summary>Brings the database up to the latest schema; returns the versions applied.</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(SqliteConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await SqliteFile.ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
            """, cancellationToken);
        await using var current = connection.CreateCommand();
        current.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        var version = Convert.ToInt32(await current.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (version > Latest)
        {
            throw new InvalidOperationException(
                $"{connection.DataSource}: state store schema version {version} is newer than this connector knows ({Latest}); upgrade the connector.");
        }

        var applied = new List<int>();
        foreach (var (number, name) in Scripts.Where(s => s.Version > version))
        {
            await using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Migration resource {name} is missing.");
            using var reader = new StreamReader(stream);
            var sql = await reader.ReadToEndAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await SqliteFile.ExecuteAsync(connection, sql, cancellationToken, transaction);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES ($v, $n, $at)";
            record.Parameters.AddWithValue("$v", number);
            record.Parameters.AddWithValue("$n", name[Prefix.Length..]);
            record.Parameters.AddWithValue("$at", now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            applied.Add(number);
        }

        return applied;
    }
}
