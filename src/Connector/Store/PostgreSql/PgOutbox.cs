using System.Text.Json;
using Npgsql;
using CrmSuite.Connector.Crm;
using static CrmSuite.Connector.Store.PostgreSql.PgBatch;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>
/// The outbox, with the SQLite store's rules: a page's writes are inserted in one statement (a key already there for the
/// account is the same effect computed again and keeps the first); rows the sync delivers itself are inserted delivered,
/// their id ranges journaled in <c>outbox_in_flight</c> by the same statement, until a later page confirms the delivery;
/// a range never confirmed is made pending again before the dispatcher reads.
/// With several nodes on one database: an in-flight range carries its node and a lease, and only this node's ranges or
/// expired ones are made pending again; the dispatcher claims the rows it delivers (<c>FOR UPDATE SKIP LOCKED</c>, then
/// <c>claimed_by</c> and <c>claimed_until</c>), so two nodes never deliver the same row at once. Leases run on the
/// database's clock, the one clock every node shares.
/// </summary>
internal static class PgOutbox
{
    /// <summary>The insert, first in the page's batch: its result set is the inserted rows' ids.</summary>
    public static bool AddInsert(NpgsqlBatch batch, PageCommit commit, DateTime at, ClusterNode node)
    {
        var n = commit.Outbox.Count;
        if (n == 0)
        {
            return false;
        }

        var keys = new string[n];
        var kinds = new string[n];
        var accounts = new string[n];
        var payloads = new string[n];
        for (var i = 0; i < n; i++)
        {
            var write = commit.Outbox[i].Write;
            keys[i] = write.Key;
            kinds[i] = StoreText.OutboxKind(write);
            accounts[i] = write.AccountId;
            payloads[i] = commit.Outbox[i].Payload.ToString();
        }

        // Consecutive ids as (first, last) ranges, the gaps-and-islands way: a page's inserted rows are usually one range.
        var journal = commit.DeliveredBySync
            ? """
              , journaled AS (
                  INSERT INTO outbox_in_flight (first_id, last_id, node, leased_until)
                  SELECT MIN(id), MAX(id), $8, now() + $9 FROM (SELECT id, id - row_number() OVER (ORDER BY id) AS island FROM inserted) AS r GROUP BY island)
              """
            : "";
        batch.Add($"""
            WITH inserted AS (
                INSERT INTO outbox (key, kind, account_id, payload, created_at, delivered_at, attempts)
                SELECT k, t, a, p, $5, $6, $7 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u(k, t, a, p, n)
                ORDER BY n
                ON CONFLICT (account_id, key) DO NOTHING
                RETURNING id, account_id, key){journal}
            SELECT id, account_id, key FROM inserted ORDER BY id
            """, P(keys), P(kinds), P(accounts), P(payloads), P(at), Time(commit.DeliveredBySync ? at : null), P(commit.DeliveredBySync ? 1 : 0),
            P(node.Id), P(node.OutboxLease));
        return true;
    }

    public static async Task<IReadOnlyList<PendingWrite>> ReadInsertedAsync(NpgsqlDataReader reader, PageCommit commit, CancellationToken cancellationToken)
    {
        var byKey = new Dictionary<(string, string), CrmWrite>(commit.Outbox.Count);
        foreach (var row in commit.Outbox)
        {
            byKey.TryAdd((row.Write.AccountId, row.Write.Key), row.Write);
        }

        var inserted = new List<PendingWrite>(commit.Outbox.Count);
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted.Add(new PendingWrite(reader.GetInt64(0), byKey[(reader.GetString(1), reader.GetString(2))]));
        }

        return inserted;
    }

    /// <summary>
    /// Marks <paramref name="ids"/> delivered: a row still pending takes <paramref name="at"/> and counts the attempt; a
    /// journaled range wholly inside a run of consecutive ids leaves the journal.
    /// </summary>
    public static void AddMarkDelivered(NpgsqlBatch batch, IReadOnlyList<long> ids, DateTime at)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var sorted = ids.Order().Distinct().ToArray();
        batch.Add("UPDATE outbox SET delivered_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = ANY($2) AND delivered_at IS NULL",
            P(at), P(sorted));
        batch.Add("""
            DELETE FROM outbox_in_flight f USING (
                SELECT MIN(id) AS first_id, MAX(id) AS last_id
                FROM (SELECT id, id - row_number() OVER (ORDER BY id) AS island FROM unnest($1::bigint[]) AS u(id)) AS r GROUP BY island) AS runs
            WHERE f.first_id >= runs.first_id AND f.last_id <= runs.last_id
            """, P(sorted));
    }

    /// <summary>
    /// Makes the rows of this node's journaled ranges, and of every range whose lease ran out or whose node has no
    /// connection to the database left (it died or was restarted), pending again, as they were
    /// before the sync stored them in flight (their delivery was never confirmed); then claims the oldest pending writes no
    /// other live node holds. This node's own ranges and claims are safe to take back: its dispatcher runs after its sync, behind
    /// the same gate. A race past a lease would only deliver a row twice, which its key makes a no-op in the CRM.
    /// </summary>
    public static async Task<IReadOnlyList<PendingWrite>> ReadPendingAsync(NpgsqlDataSource dataSource, ClusterNode node, int max, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        const string Reclaimable = $"(f.node IS NULL OR f.node = $1 OR f.leased_until < now() OR NOT {ClusterNode.Connected}(f.node))";
        batch.Add($"""
            UPDATE outbox o SET delivered_at = NULL, attempts = GREATEST(o.attempts - 1, 0)
            FROM outbox_in_flight f WHERE o.id BETWEEN f.first_id AND f.last_id AND o.delivered_at IS NOT NULL AND {Reclaimable}
            """, P(node.Id));
        batch.Add($"DELETE FROM outbox_in_flight f WHERE {Reclaimable}", P(node.Id));
        batch.Add($"""
            WITH free AS (
                SELECT id FROM outbox
                WHERE delivered_at IS NULL AND (claimed_until IS NULL OR claimed_until < now() OR claimed_by = $1 OR NOT {ClusterNode.Connected}(claimed_by))
                ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
            UPDATE outbox o SET claimed_by = $1, claimed_until = now() + $3 FROM free WHERE o.id = free.id
            RETURNING o.id, o.key, o.payload
            """, P(node.Id), P(max), P(node.OutboxLease));
        var writes = new List<PendingWrite>(Math.Min(max, 10_000));
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var write = JsonSerializer.Deserialize(reader.GetString(2), CrmJson.Default.CrmWrite)
                    ?? throw new InvalidOperationException($"Outbox row {reader.GetInt64(0)} ({reader.GetString(1)}) has an empty payload.");
                writes.Add(new PendingWrite(reader.GetInt64(0), write));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        // UPDATE ... RETURNING keeps no order: the CRM gets the writes in the order they were committed.
        writes.Sort((a, b) => a.Id.CompareTo(b.Id));
        return writes;
    }

    public static async Task MarkFailedAsync(NpgsqlDataSource dataSource, IReadOnlyList<long> ids, string error, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE outbox SET attempts = attempts + 1, last_error = $1, claimed_by = NULL, claimed_until = NULL WHERE id = ANY($2)");
        command.Parameters.Add(P(error));
        command.Parameters.Add(P(ids.ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
