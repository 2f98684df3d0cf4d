using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>
/// The outbox: CRM writes inserted with their page (a key already there for the account is the same effect computed
/// again and keeps the first). Rows the sync delivers itself are inserted as delivered, their id range journaled in
/// <c>outbox_in_flight</c> until the delivery is confirmed in a later page's transaction; a range never confirmed
/// becomes pending again before the dispatcher reads (<see cref="ReleaseInFlight"/>). Other rows wait with no
/// <c>delivered_at</c> and are marked by the dispatcher.
/// </summary>
internal sealed class SqliteOutbox(SqliteConnection writer) : IDisposable
{
    private readonly RawStatement _insert = new(writer, """
        INSERT INTO outbox (key, kind, account_id, payload, created_at, delivered_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (account_id, key) DO NOTHING
        """);

    private readonly RawStatement _journal = new(writer, "INSERT INTO outbox_in_flight (first_id, last_id) VALUES (?, ?)");

    private readonly RawStatement _confirm = new(writer, "DELETE FROM outbox_in_flight WHERE first_id >= ?1 AND last_id <= ?2");

    private readonly RawStatement _markPending = new(writer, """
        UPDATE outbox SET delivered_at = ?1, attempts = attempts + 1, last_error = NULL WHERE id BETWEEN ?2 AND ?3 AND delivered_at IS NULL
        """);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IReadOnlyList<PendingWrite> Write(PageCommit commit, string at)
    {
        var inFlight = commit.DeliveredBySync;
        var deliveredAt = inFlight ? at : null;
        var attempts = inFlight ? 1 : 0;
        List<PendingWrite>? inserted = null;
        foreach (var row in commit.Outbox)
        {
            var write = row.Write;
            if (_insert.Execute(write.Key, StoreText.OutboxKind(write), write.AccountId, row.Payload, at, deliveredAt, attempts) == 1)
            {
                (inserted ??= new List<PendingWrite>(commit.Outbox.Count)).Add(new PendingWrite(_insert.LastInsertRowId, write));
            }
        }

        if (inFlight && inserted is not null)
        {
            foreach (var (first, last) in Runs(inserted, static w => w.Id))
            {
                _journal.Execute(first, last);
            }
        }

        MarkDelivered(commit.Delivered, at);
        return inserted ?? (IReadOnlyList<PendingWrite>)[];
    }

    /// <summary>
    /// Marks <paramref name="ids"/> delivered: a row still pending takes <paramref name="at"/> and counts the attempt; a row
    /// stored in flight leaves the journal. One statement per run of consecutive ids, whichever it is.
    /// </summary>
    public void MarkDelivered(IReadOnlyList<long> ids, string at)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var sorted = ids.Order().Distinct().ToArray();
        foreach (var (first, last) in Runs(sorted, static id => id))
        {
            _markPending.Execute(at, first, last);
            _confirm.Execute(first, last);
        }
    }

    /// <summary>
    /// Makes the rows of every journaled range pending again, as they were before the sync stored them in flight: their
    /// delivery was never confirmed. Call it only while no sync delivers (the dispatcher runs after the sync, behind the
    /// same gate); a race would only deliver those rows twice, which their keys make a no-op.
    /// </summary>
    public static void ReleaseInFlight(SqliteConnection connection)
    {
        var ranges = new List<(long First, long Last)>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT first_id, last_id FROM outbox_in_flight ORDER BY first_id";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                ranges.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }
        }

        if (ranges.Count == 0)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        using var release = new RawStatement(connection, """
            UPDATE outbox SET delivered_at = NULL, attempts = MAX(attempts - 1, 0) WHERE id BETWEEN ?1 AND ?2 AND delivered_at IS NOT NULL
            """);
        foreach (var (first, last) in ranges)
        {
            release.Execute(first, last);
        }

        using var clear = new RawStatement(connection, "DELETE FROM outbox_in_flight");
        clear.Execute();
        transaction.Commit();
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

    public static async Task MarkFailedAsync(SqliteConnection connection, IReadOnlyList<long> ids, string error, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE outbox SET attempts = attempts + 1, last_error = $error WHERE id IN (SELECT value FROM json_each($ids))";
        command.Parameters.AddWithValue("$error", error);
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids, SqliteJson.Default.IReadOnlyListInt64));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Dispose()
    {
        _insert.Dispose();
        _journal.Dispose();
        _confirm.Dispose();
        _markPending.Dispose();
    }

    // Consecutive ids (in ascending order) as (first, last) ranges: a page's inserted rows are usually one range.
    private static IEnumerable<(long First, long Last)> Runs<T>(IReadOnlyList<T> items, Func<T, long> id)
    {
        var first = id(items[0]);
        var last = first;
        for (var i = 1; i < items.Count; i++)
        {
            var next = id(items[i]);
            if (next != last + 1)
            {
                yield return (first, last);
                first = next;
            }

            last = next;
        }

        yield return (first, last);
    }
}
