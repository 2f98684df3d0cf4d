using System.Globalization;
using Npgsql;
using static CrmSuite.Connector.Store.PostgreSql.PgBatch;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>Runs, watermarks and the status view.</summary>
internal sealed partial class PostgreSqlStateStore
{
    // Reported instances still frozen where they were reported: same version, same state.
    private const string StillUnplaced = """
        FROM audit_log a JOIN instances i ON i.account_id = a.account_id AND i.playbook_id = a.playbook_id
            AND i.version = a.playbook_version AND i.state = a.from_state
        WHERE a.kind = 'unplaced'
        """;

    public async Task<string?> GetWatermarkAsync(string source, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT value FROM watermarks WHERE source = $1");
        command.Parameters.Add(P(source));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<long> BeginRunAsync(SyncRunKind kind, string? watermarkFrom, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        // Several nodes run at once: a run still marked running is interrupted only when its node is this one (whose runs
        // go one at a time) or has no connection to the database left (it ended mid-run).
        batch.Add("""
            UPDATE syncs SET status = 'interrupted' WHERE status = 'running' AND (node IS NULL OR node = $1 OR node NOT IN (
                SELECT application_name FROM pg_stat_activity WHERE datname = current_database() AND application_name IS NOT NULL))
            """, P(_node.Id));
        batch.Add("INSERT INTO syncs (mode, status, started_at, watermark_from, node) VALUES ($1, 'running', $2, $3, $4) RETURNING id",
            P(StoreText.RunKind(kind)), P(Utc(at)), Text(watermarkFrom), P(_node.Id));
        return Convert.ToInt64(await batch.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task FinishRunAsync(long runId, SyncRunStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("UPDATE syncs SET status = $1, finished_at = $2 WHERE id = $3");
        command.Parameters.Add(P(StoreText.RunStatus(status)));
        command.Parameters.Add(P(Utc(at)));
        command.Parameters.Add(P(runId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<StoreStatus> ReadStatusAsync(int recentSyncs, int quarantineRows, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for every figure, so the counts agree with each other.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.Add("""
            SELECT id, mode, status, started_at, finished_at, accounts, transitions, tasks, proposals, quarantined, watermark_from, watermark_to
            FROM syncs ORDER BY id DESC LIMIT $1
            """, P(recentSyncs));
        batch.Add("SELECT account_id, record_id, field, reason, first_seen, last_seen FROM quarantine ORDER BY last_seen DESC, account_id LIMIT $1",
            P(quarantineRows));
        batch.Add($"""
            SELECT * FROM (
                SELECT DISTINCT ON (a.account_id, a.playbook_id) a.account_id, a.playbook_id, a.playbook_version, a.from_state, a.reason, a.at
                {StillUnplaced}
                ORDER BY a.account_id, a.playbook_id, a.at) AS u
            ORDER BY playbook_id, account_id LIMIT $1
            """, P(quarantineRows));
        batch.Add(ExperimentGroups.Sql);
        // Rows a sync stored in flight count as pending until their delivery is confirmed.
        batch.Add($"""
            SELECT
                (SELECT value FROM watermarks WHERE source = $1),
                (SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL),
                (SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL),
                (SELECT COALESCE(SUM(last_id - first_id + 1), 0) FROM outbox_in_flight),
                (SELECT MIN(created_at) FROM (
                    SELECT MIN(created_at) AS created_at FROM outbox WHERE delivered_at IS NULL
                    UNION ALL SELECT MIN(o.created_at) FROM outbox_in_flight f JOIN outbox o ON o.id = f.first_id) AS m),
                (SELECT COUNT(*) FROM quarantine),
                (SELECT COUNT(*) FROM instances),
                (SELECT COUNT(*) FROM audit_log),
                (SELECT COUNT(*) FROM (SELECT 1 {StillUnplaced} GROUP BY a.account_id, a.playbook_id) AS u)
            """, P(Watermarks.Accounts));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var syncs = new List<SyncRun>();
        while (await reader.ReadAsync(cancellationToken))
        {
            syncs.Add(new SyncRun(
                reader.GetInt64(0),
                StoreText.ParseRunKind(reader.GetString(1)),
                StoreText.ParseRunStatus(reader.GetString(2)),
                reader.ReadUtc(3),
                reader.IsDBNull(4) ? null : reader.ReadUtc(4),
                reader.GetInt64(5),
                reader.GetInt64(6),
                reader.GetInt64(7),
                reader.GetInt64(8),
                reader.GetInt64(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11)));
        }

        await reader.NextResultAsync(cancellationToken);
        var quarantine = new List<QuarantineRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            quarantine.Add(new QuarantineRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.ReadUtc(4), reader.ReadUtc(5)));
        }

        await reader.NextResultAsync(cancellationToken);
        var unplaced = new List<UnplacedRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            unplaced.Add(new UnplacedRow(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4), reader.ReadUtc(5)));
        }

        await reader.NextResultAsync(cancellationToken);
        var experiments = new List<ExperimentGroups>();
        while (await reader.ReadAsync(cancellationToken))
        {
            experiments.Add(new ExperimentGroups(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var inFlight = Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture);
        return new StoreStatus(
            syncs,
            reader.IsDBNull(0) ? null : reader.GetString(0),
            reader.GetInt64(1) + inFlight,
            reader.IsDBNull(4) ? null : reader.ReadUtc(4),
            reader.GetInt64(2) - inFlight,
            reader.GetInt64(5),
            quarantine,
            reader.GetInt64(6),
            reader.GetInt64(7),
            reader.GetInt64(8),
            unplaced)
        {
            Experiments = experiments,
        };
    }
}
