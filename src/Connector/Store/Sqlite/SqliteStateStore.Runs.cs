using System.Globalization;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>Runs, watermarks and the status view.</summary>
internal sealed partial class SqliteStateStore
{
    public Task<string?> GetWatermarkAsync(string source, CancellationToken cancellationToken) => WatermarkAsync(_connection, source, cancellationToken);

    private static async Task<string?> WatermarkAsync(SqliteConnection connection, string source, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM watermarks WHERE source = $source";
        command.Parameters.AddWithValue("$source", source);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<long> BeginRunAsync(SyncRunKind kind, string? watermarkFrom, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using (var interrupted = _connection.CreateCommand())
        {
            interrupted.CommandText = "UPDATE syncs SET status = 'interrupted' WHERE status = 'running'";
            await interrupted.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO syncs (mode, status, started_at, watermark_from) VALUES ($mode, 'running', $at, $from) RETURNING id";
        command.Parameters.AddWithValue("$mode", StoreText.RunKind(kind));
        command.Parameters.AddWithValue("$at", SqliteText.Timestamp(at));
        command.Parameters.AddWithValue("$from", (object?)watermarkFrom ?? DBNull.Value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task FinishRunAsync(long runId, SyncRunStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "UPDATE syncs SET status = $status, finished_at = $at WHERE id = $id";
        command.Parameters.AddWithValue("$status", StoreText.RunStatus(status));
        command.Parameters.AddWithValue("$at", SqliteText.Timestamp(at));
        command.Parameters.AddWithValue("$id", runId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Read on a short-lived read-only connection of its own: the web host asks for it while a sync may be committing a
    /// page on the store's connection, which one caller at a time may use.
    /// </summary>
    public async Task<StoreStatus> ReadStatusAsync(int recentSyncs, int quarantineRows, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteFile.OpenAsync(Path, cancellationToken, readOnly: true);
        var syncs = new List<SyncRun>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT id, mode, status, started_at, finished_at, accounts, transitions, tasks, proposals, quarantined, watermark_from, watermark_to
                FROM syncs ORDER BY id DESC LIMIT $n
                """;
            command.Parameters.AddWithValue("$n", recentSyncs);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                syncs.Add(new SyncRun(
                    reader.GetInt64(0),
                    StoreText.ParseRunKind(reader.GetString(1)),
                    StoreText.ParseRunStatus(reader.GetString(2)),
                    ParseTimestamp(reader.GetString(3)),
                    reader.IsDBNull(4) ? null : ParseTimestamp(reader.GetString(4)),
                    reader.GetInt64(5),
                    reader.GetInt64(6),
                    reader.GetInt64(7),
                    reader.GetInt64(8),
                    reader.GetInt64(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10),
                    reader.IsDBNull(11) ? null : reader.GetString(11)));
            }
        }

        var quarantine = new List<QuarantineRow>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT account_id, record_id, field, reason, first_seen, last_seen FROM quarantine ORDER BY last_seen DESC, account_id LIMIT $n
                """;
            command.Parameters.AddWithValue("$n", quarantineRows);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                quarantine.Add(new QuarantineRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    ParseTimestamp(reader.GetString(4)), ParseTimestamp(reader.GetString(5))));
            }
        }

        // Reported instances still frozen where they were reported: same version, same state.
        const string stillUnplaced = """
            FROM audit_log a JOIN instances i ON i.account_id = a.account_id AND i.playbook_id = a.playbook_id
                AND i.version = a.playbook_version AND i.state = a.from_state
            WHERE a.kind = 'unplaced'
            """;
        var unplaced = new List<UnplacedRow>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT a.account_id, a.playbook_id, a.playbook_version, a.from_state, a.reason, MIN(a.at) {stillUnplaced}
                GROUP BY a.account_id, a.playbook_id ORDER BY a.playbook_id, a.account_id LIMIT $n
                """;
            command.Parameters.AddWithValue("$n", quarantineRows);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                unplaced.Add(new UnplacedRow(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
                    ParseTimestamp(reader.GetString(5))));
            }
        }

        var experiments = new List<ExperimentGroups>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = ExperimentGroups.Sql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                experiments.Add(new ExperimentGroups(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        // Rows a sync stored in flight count as pending until their delivery is confirmed.
        const string InFlight = "SELECT COALESCE(SUM(last_id - first_id + 1), 0) FROM outbox_in_flight";
        var oldest = await ScalarAsync(connection, """
            SELECT MIN(created_at) FROM (
                SELECT MIN(created_at) AS created_at FROM outbox WHERE delivered_at IS NULL
                UNION ALL SELECT MIN(o.created_at) FROM outbox_in_flight f JOIN outbox o ON o.id = f.first_id)
            """, cancellationToken);
        var inFlight = await CountAsync(connection, InFlight, cancellationToken);
        return new StoreStatus(
            syncs,
            await WatermarkAsync(connection, Watermarks.Accounts, cancellationToken),
            await CountAsync(connection, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL", cancellationToken) + inFlight,
            oldest is string text ? ParseTimestamp(text) : null,
            await CountAsync(connection, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL", cancellationToken) - inFlight,
            await CountAsync(connection, "SELECT COUNT(*) FROM quarantine", cancellationToken),
            quarantine,
            await CountAsync(connection, "SELECT COUNT(*) FROM instances", cancellationToken),
            await CountAsync(connection, "SELECT COUNT(*) FROM audit_log", cancellationToken),
            await CountAsync(connection, $"SELECT COUNT(*) FROM (SELECT 1 {stillUnplaced} GROUP BY a.account_id, a.playbook_id)", cancellationToken),
            unplaced)
        {
            Experiments = experiments,
        };
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task<long> CountAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken) =>
        Convert.ToInt64(await ScalarAsync(connection, sql, cancellationToken), CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
