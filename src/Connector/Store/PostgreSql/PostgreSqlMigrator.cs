using System.Globalization;
using Npgsql;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>
/// The state store's migrations on PostgreSQL: the scripts under <c>Store/PostgreSql/Migrations</c> (<c>NNNN_name.sql</c>,
/// the same version numbers as the SQLite store's), each applied once in its own transaction together with its row in
/// <c>schema_version</c>, in version order; one whose version is not recorded is applied even when a higher one is. Each transaction first takes a transaction-scoped advisory lock and reads the version again,
/// so two nodes starting on a new database at once apply each script once.
/// </summary>
internal static class PostgreSqlMigrator
{
    private const string Prefix = "CrmSuite.Connector.Store.PostgreSql.Migrations.";

    // pg_advisory_xact_lock(int, int): 'CRMS' and the migrations' slot; the writer claim uses another slot.
    public const int LockClass = 0x43524D53;
    private const int MigrationSlot = 0;

    public static IReadOnlyList<(int Version, string Name)> Scripts { get; } = [.. typeof(PostgreSqlMigrator).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Select(n => (Version: int.Parse(n.AsSpan(Prefix.Length, 4), CultureInfo.InvariantCulture), Name: n))
        .OrderBy(s => s.Version)];

    public static int Latest => Scripts[^1].Version;

    /// <summary>Brings the database up to the latest schema; returns the versions applied.</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, string location, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)", connection))
        {
            await Locked(connection, create, cancellationToken);
        }

        var applied = new List<int>();
        foreach (var (number, name) in Scripts)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockClass}, {MigrationSlot})", connection, transaction))
            {
                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            var current = await CurrentAsync(connection, transaction, cancellationToken);
            if (current > Latest)
            {
                throw new InvalidOperationException(
                    $"{location}: state store schema version {current} is newer than this connector knows ({Latest}); upgrade the connector.");
            }

            // As SQLite's: skipped because its version is recorded, not because a higher one is (numbers are per branch).
            if (await IsAppliedAsync(connection, transaction, number, cancellationToken))
            {
                continue;
            }

            await using (var script = new NpgsqlCommand(Read(name), connection, transaction))
            {
                await script.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand("INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = number });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name[Prefix.Length..] });
                record.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            applied.Add(number);
        }

        return applied;
    }

    /// <summary>The schema version the database is at (0 when the state store was never created there).</summary>
    public static async Task<int> CurrentAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT CASE WHEN to_regclass('schema_version') IS NULL THEN 0 ELSE (SELECT COALESCE(MAX(version), 0) FROM schema_version) END",
            connection, transaction);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task<bool> IsAppliedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int version, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM schema_version WHERE version = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    // CREATE TABLE IF NOT EXISTS races with itself on a new database (a unique violation in pg_type): serialize it too.
    private static async Task Locked(NpgsqlConnection connection, NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockClass}, {MigrationSlot})", connection, transaction))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static string Read(string resource)
    {
        using var stream = typeof(PostgreSqlMigrator).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Migration resource {resource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
