using Npgsql;

namespace CrmSuite.Connector.Webhooks;

/// <summary>
/// The webhook inbox of a cluster, in the PostgreSQL state store (<c>webhook_events</c>, migration 0014): every node
/// stores the events it receives there, an event posted to two nodes (Dataverse's retry behind a load balancer) has one
/// key and is stored once, and a node's worker claims the events it handles (<c>FOR UPDATE SKIP LOCKED</c>, then a
/// lease), so no two nodes handle one event. A dead node's claims are taken over once it has no connection left or their lease ran out.
/// </summary>
/// <param name="dataSource">The PostgreSQL state store's connections.</param>
/// <param name="nodeId">This node's id, as the store's cluster node records it.</param>
/// <param name="lease">How long a claim keeps other nodes off an event (the outbox's lease).</param>
internal sealed class PostgreSqlWebhookInbox(NpgsqlDataSource dataSource, string nodeId, TimeSpan lease) : IWebhookInbox
{
    // The SQL function of migration 0014 that tells whether a node still has a connection to the database.
    private const string NodeConnected = "crmsuite_node_connected";

    private readonly NpgsqlDataSource _dataSource = dataSource;

    /// <summary>What the inbox holds, for <c>crmsuite status</c> (as <see cref="WebhookInboxStatus.ReadAsync"/> reads the file inbox); null when it holds nothing.</summary>
    public async Task<WebhookInboxStatus?> ReadStatusAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(WebhookInboxStatus.Query);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0) == 0 ? null
            : new WebhookInboxStatus(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    public async Task<InboxReceipt> AcceptAsync(WebhookEvent e, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            WITH inserted AS (
                INSERT INTO webhook_events (event_key, handler, message, entity, row_id, account_id, depth, correlation_id, verdict, received_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                ON CONFLICT (event_key) DO NOTHING
                RETURNING id)
            SELECT id, true, false FROM inserted
            UNION ALL
            SELECT id, false, handled_at IS NOT NULL FROM webhook_events WHERE event_key = $1 AND NOT EXISTS (SELECT 1 FROM inserted)
            """);
        command.Parameters.Add(P(e.Key));
        command.Parameters.Add(P(e.Handler));
        command.Parameters.Add(P(e.Message));
        command.Parameters.Add(P(e.Entity));
        command.Parameters.Add(P(e.RowId));
        command.Parameters.Add(Text(e.AccountId));
        command.Parameters.Add(P(e.Depth));
        command.Parameters.Add(P(e.CorrelationId));
        command.Parameters.Add(P(e.Verdict));
        command.Parameters.Add(P(Utc(at)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            return new InboxReceipt(reader.GetInt64(0), reader.GetBoolean(1), reader.GetBoolean(2));
        }

        // Another node inserted the key after this statement's snapshot began: it is stored, not yet handled.
        await reader.DisposeAsync();
        await using var existing = _dataSource.CreateCommand("SELECT id, handled_at IS NOT NULL FROM webhook_events WHERE event_key = $1");
        existing.Parameters.Add(P(e.Key));
        await using var again = await existing.ExecuteReaderAsync(cancellationToken);
        if (!await again.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Webhook event {e.Key} was neither stored nor found.");
        }

        return new InboxReceipt(again.GetInt64(0), false, again.GetBoolean(1));
    }

    public async Task<IReadOnlyList<PendingWebhookEvent>> ReadPendingAsync(int max, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"""
            WITH free AS (
                SELECT id FROM webhook_events
                WHERE handled_at IS NULL AND (claimed_until IS NULL OR claimed_until < now() OR claimed_by = $1 OR NOT {NodeConnected}(claimed_by))
                ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
            UPDATE webhook_events w SET claimed_by = $1, claimed_until = now() + $3 FROM free WHERE w.id = free.id
            RETURNING w.id, w.handler, w.account_id, w.verdict, w.attempts, w.entity, w.row_id
            """);
        command.Parameters.Add(P(nodeId));
        command.Parameters.Add(P(max));
        command.Parameters.Add(P(lease));
        var pending = new List<PendingWebhookEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new PendingWebhookEvent(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetInt32(4), reader.GetString(5), reader.GetString(6)));
        }

        // UPDATE ... RETURNING keeps no order: events are handled in the order they were received.
        pending.Sort((a, b) => a.Id.CompareTo(b.Id));
        return pending;
    }

    public async Task RecordAsync(IReadOnlyList<long> ids, bool handled, string result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            UPDATE webhook_events SET attempts = attempts + 1, result = $1, handled_at = CASE WHEN $2 THEN $3 END, claimed_by = NULL, claimed_until = NULL
            WHERE id = ANY($4)
            """);
        command.Parameters.Add(P(result));
        command.Parameters.Add(P(handled));
        command.Parameters.Add(P(Utc(at)));
        command.Parameters.Add(P(ids.ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter<T> P<T>(T value) => new() { TypedValue = value };

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    private static DateTime Utc(DateTimeOffset at) => at.UtcDateTime;
}
