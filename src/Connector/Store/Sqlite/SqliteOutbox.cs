using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>
/// The outbox: CRM writes inserted with their page (a key already there for the account is the same effect computed
/// again and keeps the first), marked delivered in a later page's transaction or by the dispatcher.
/// </summary>
internal sealed class SqliteOutbox(SqliteConnection writer) : IDisposable
{
    private readonly RawStatement _insert = new(writer,
        "INSERT INTO outbox (key, kind, account_id, payload, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, key) DO NOTHING");

    private readonly RawStatement _markDelivered = new(writer, "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?");

    public static string Kind(CrmWrite write) => write switch
    {
        CrmTask => "task",
        CrmProposal => "proposal",
        _ => "stage",
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IReadOnlyList<PendingWrite> Write(PageCommit commit, string at)
    {
        List<PendingWrite>? inserted = null;
        foreach (var row in commit.Outbox)
        {
            var write = row.Write;
            if (_insert.Execute(write.Key, Kind(write), write.AccountId, row.Payload, at) == 1)
            {
                (inserted ??= new List<PendingWrite>(commit.Outbox.Count)).Add(new PendingWrite(_insert.LastInsertRowId, write));
            }
        }

        foreach (var id in commit.Delivered)
        {
            _markDelivered.Execute(at, id);
        }

        return inserted ?? (IReadOnlyList<PendingWrite>)[];
    }

    public static async Task<IReadOnlyList<PendingWrite>> ReadPendingAsync(SqliteConnection connection, int max, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, key, payload FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT $max";
        command.Parameters.AddWithValue("$max", max);
        var writes = new List<PendingWrite>(max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var write = JsonSerializer.Deserialize(reader.GetString(2), CrmJson.Default.CrmWrite)
                ?? throw new InvalidOperationException($"Outbox row {reader.GetInt64(0)} ({reader.GetString(1)}) has an empty payload.");
            writes.Add(new PendingWrite(reader.GetInt64(0), write));
        }

        return writes;
    }

    public static async Task MarkAsync(SqliteConnection connection, IReadOnlyList<long> ids, string? deliveredAt, string? error, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = deliveredAt is not null
            ? "UPDATE outbox SET delivered_at = $at, attempts = attempts + 1, last_error = NULL WHERE id IN (SELECT value FROM json_each($ids))"
            : "UPDATE outbox SET attempts = attempts + 1, last_error = $error WHERE id IN (SELECT value FROM json_each($ids))";
        command.Parameters.AddWithValue("$at", (object?)deliveredAt ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids, SqliteJson.Default.IReadOnlyListInt64));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Dispose()
    {
        _insert.Dispose();
        _markDelivered.Dispose();
    }
}
