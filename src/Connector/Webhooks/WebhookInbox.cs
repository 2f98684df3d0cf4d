using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Webhooks;

/// <summary>An event a handler accepted, as the inbox stores it until it is handled.</summary>
internal sealed record WebhookEvent(
    string Key, string Handler, string Message, string Entity, string RowId, string? AccountId, int Depth, string CorrelationId, string Verdict);

/// <summary>An event waiting to be handled.</summary>
/// <param name="CorrelationId">The event's <c>CorrelationId</c>: the connector's Web API requests while handling it carry it.</param>
internal sealed record PendingWebhookEvent(long Id, string Handler, string? AccountId, string Verdict, int Attempts, string Entity = "", string RowId = "",
    string CorrelationId = "");

/// <summary>What storing an event came to: a new event, or one stored before (handled or still waiting).</summary>
internal sealed record InboxReceipt(long Id, bool New, bool Handled);

/// <summary>
/// The webhook inbox: a SQLite file of its own (so a request never waits for a sync's page commit), written with
/// <c>synchronous = FULL</c> because the answer to Dataverse promises the event is kept. One connection, one caller at a time.
/// </summary>
internal sealed class WebhookInbox : IWebhookInbox, IAsyncDisposable
{
    private static readonly SqliteMigrator Migrator = new("CrmSuite.Connector.Webhooks.Migrations.", "webhook inbox");

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public WebhookInbox(IOptions<WebhookOptions> options, TimeProvider time)
    {
        _connection = SqliteFile.Open(options.Value.InboxPath);
        try
        {
            Migrator.Migrate(_connection, time.GetUtcNow());
            using var durable = _connection.CreateCommand();
            durable.CommandText = "PRAGMA synchronous = FULL";
            durable.ExecuteNonQuery();
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    public async Task<InboxReceipt> AcceptAsync(WebhookEvent e, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var insert = _connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO webhook_events (event_key, handler, message, entity, row_id, account_id, depth, correlation_id, verdict, received_at)
                VALUES ($key, $handler, $message, $entity, $row, $account, $depth, $correlation, $verdict, $at)
                ON CONFLICT (event_key) DO NOTHING
                RETURNING id
                """;
            insert.Parameters.AddWithValue("$key", e.Key);
            insert.Parameters.AddWithValue("$handler", e.Handler);
            insert.Parameters.AddWithValue("$message", e.Message);
            insert.Parameters.AddWithValue("$entity", e.Entity);
            insert.Parameters.AddWithValue("$row", e.RowId);
            insert.Parameters.AddWithValue("$account", SqliteFile.Db(e.AccountId));
            insert.Parameters.AddWithValue("$depth", e.Depth);
            insert.Parameters.AddWithValue("$correlation", e.CorrelationId);
            insert.Parameters.AddWithValue("$verdict", e.Verdict);
            insert.Parameters.AddWithValue("$at", SqliteText.Timestamp(at));
            if (await insert.ExecuteScalarAsync(cancellationToken) is long id)
            {
                return new InboxReceipt(id, true, false);
            }

            await using var existing = _connection.CreateCommand();
            existing.CommandText = "SELECT id, handled_at IS NOT NULL FROM webhook_events WHERE event_key = $key";
            existing.Parameters.AddWithValue("$key", e.Key);
            await using var reader = await existing.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new InboxReceipt(reader.GetInt64(0), false, reader.GetInt64(1) == 1);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<PendingWebhookEvent>> ReadPendingAsync(int max, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var select = _connection.CreateCommand();
            select.CommandText = "SELECT id, handler, account_id, verdict, attempts, entity, row_id, correlation_id FROM webhook_events WHERE handled_at IS NULL ORDER BY id LIMIT $max";
            select.Parameters.AddWithValue("$max", max);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            var pending = new List<PendingWebhookEvent>();
            while (await reader.ReadAsync(cancellationToken))
            {
                pending.Add(new PendingWebhookEvent(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                    reader.GetString(5), reader.GetString(6), reader.GetString(7)));
            }

            return pending;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Records what handling the events did; <paramref name="handled"/> false leaves them pending with one more attempt.</summary>
    public async Task RecordAsync(IReadOnlyList<long> ids, bool handled, string result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var update = _connection.CreateCommand();
            update.CommandText = """
                UPDATE webhook_events SET attempts = attempts + 1, result = $result, handled_at = CASE WHEN $handled THEN $at END
                WHERE id IN (SELECT value FROM json_each($ids))
                """;
            update.Parameters.AddWithValue("$result", result);
            update.Parameters.AddWithValue("$handled", handled);
            update.Parameters.AddWithValue("$at", SqliteText.Timestamp(at));
            update.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(ids, SqliteJson.Default.IReadOnlyListInt64));
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _lock.Dispose();
    }
}
