using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Crm.Embedded;

namespace CrmSuite.Connector.Store;

/// <summary>Sync runs, the outbox dispatch side and the status view.</summary>
internal sealed partial class SqliteStateStore
{
    public async Task<long> BeginSyncAsync(string mode, string? watermarkFrom, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = """
            INSERT INTO syncs (mode, status, started_at, watermark_from) VALUES ($mode, 'running', $at, $from) RETURNING id
            """;
        command.Parameters.AddWithValue("$mode", mode);
        command.Parameters.AddWithValue("$at", SqliteText.Timestamp(at));
        command.Parameters.AddWithValue("$from", (object?)watermarkFrom ?? DBNull.Value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task FinishSyncAsync(long syncId, string status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "UPDATE syncs SET status = $status, finished_at = $at WHERE id = $id";
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$at", SqliteText.Timestamp(at));
        command.Parameters.AddWithValue("$id", syncId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ReadPendingOutboxAsync(int max, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT id, key, kind, account_id, payload, attempts FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT $max
            """;
        command.Parameters.AddWithValue("$max", max);
        var messages = new List<OutboxMessage>(max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new OutboxMessage(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt32(5)));
        }

        return messages;
    }

    public async Task MarkDeliveredAsync(IReadOnlyList<long> ids, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = """
            UPDATE outbox SET delivered_at = $at, attempts = attempts + 1, last_error = NULL
            WHERE id IN (SELECT value FROM json_each($ids))
            """;
        command.Parameters.AddWithValue("$at", SqliteText.Timestamp(at));
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids, SqliteJson.Default.IReadOnlyListInt64));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkFailedAsync(IReadOnlyList<long> ids, string error, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = """
            UPDATE outbox SET attempts = attempts + 1, last_error = $error WHERE id IN (SELECT value FROM json_each($ids))
            """;
        command.Parameters.AddWithValue("$error", error);
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids, SqliteJson.Default.IReadOnlyListInt64));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<StoreStatus> ReadStatusAsync(int recentSyncs, int quarantineRows, CancellationToken cancellationToken)
    {
        var syncs = new List<SyncRun>();
        await using (var command = _connection.CreateCommand())
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
                    reader.GetString(1),
                    reader.GetString(2),
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
        await using (var command = _connection.CreateCommand())
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

        var pending = await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL", cancellationToken);
        var oldest = await ScalarAsync("SELECT MIN(created_at) FROM outbox WHERE delivered_at IS NULL", cancellationToken);
        return new StoreStatus(
            syncs,
            await GetWatermarkAsync(Sync.SyncPipeline.AccountsWatermark, cancellationToken),
            Convert.ToInt64(pending, CultureInfo.InvariantCulture),
            oldest is string text ? ParseTimestamp(text) : null,
            Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL", cancellationToken), CultureInfo.InvariantCulture),
            Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM quarantine", cancellationToken), CultureInfo.InvariantCulture),
            quarantine,
            Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM instances", cancellationToken), CultureInfo.InvariantCulture),
            Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM audit_log", cancellationToken), CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var insert in Inserts)
        {
            insert.Dispose();
        }

        SqliteCommand[] commands = [_loadInstances, _loadSnapshots, _clearQuarantine, _setWatermark, _countSync];
        foreach (var command in commands)
        {
            await command.DisposeAsync();
        }

        await _checkpointer.DisposeAsync();
        await _reader.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
