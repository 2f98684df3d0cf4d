using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Routing;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>
/// The routing ledger (<c>task_routing</c>): a page's routing decisions written in its transaction; a held row changes only
/// to released or superseded; a stage moving on supersedes the held tasks of its playbook's earlier steps.
/// </summary>
internal sealed class SqliteRouting(SqliteConnection writer) : IDisposable
{
    private readonly RawStatement _upsert = new(writer, """
        INSERT INTO task_routing (key, account_id, playbook_id, step, csm_id, owner_id, week, outcome, priority, deferred_from, task, routed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET owner_id = excluded.owner_id, week = excluded.week, outcome = excluded.outcome,
            deferred_from = excluded.deferred_from, task = excluded.task, routed_at = excluded.routed_at
        WHERE task_routing.outcome = 'deferred'
        """);

    private readonly RawStatement _supersede = new(writer, """
        UPDATE task_routing SET outcome = 'superseded', task = NULL, routed_at = ?
        WHERE account_id = ? AND playbook_id = ? AND outcome = 'deferred' AND step < ?
        """);

    // Skips the per-stage update while nothing is held (the common case, and always with routing off).
    private bool _mayHold = Exists(writer);

    public void Write(PageCommit commit, string at)
    {
        foreach (var r in commit.Routing ?? [])
        {
            _upsert.Execute(r.Key, r.AccountId, r.PlaybookId, r.Step, r.CsmId, r.OwnerId, SqliteText.Date(r.Week), RoutingText.Outcome(r.Outcome),
                RoutingText.Priority(r.Priority), SqliteText.Date(r.DeferredFrom), RoutingText.HeldJson(r), at);
            _mayHold |= r.Outcome == RoutingOutcome.Deferred;
        }

        if (!_mayHold)
        {
            return;
        }

        foreach (var stage in RoutingText.Superseding(commit))
        {
            _supersede.Execute(at, stage.AccountId, stage.PlaybookId, stage.Step);
        }
    }

    public static IReadOnlyDictionary<string, RoutingOutcome> FindRouted(SqliteConnection connection, IReadOnlyList<string> keys)
    {
        var found = new Dictionary<string, RoutingOutcome>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return found;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, outcome FROM task_routing WHERE key IN (SELECT value FROM json_each($keys))";
        command.Parameters.AddWithValue("$keys", System.Text.Json.JsonSerializer.Serialize(keys, SqliteJson.Default.IReadOnlyListString));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            found[reader.GetString(0)] = RoutingText.ParseOutcome(reader.GetString(1));
        }

        return found;
    }

    public static Dictionary<string, int> ReadLoad(SqliteConnection connection, DateOnly week)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT owner_id, COUNT(*) FROM task_routing WHERE week = $week AND outcome IN {RoutingText.Loaded} GROUP BY owner_id
            """;
        command.Parameters.AddWithValue("$week", SqliteText.Date(week));
        var load = new Dictionary<string, int>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            load[reader.GetString(0)] = reader.GetInt32(1);
        }

        return load;
    }

    public static IReadOnlyList<HeldTask> ReadHeld(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, task, csm_id, week FROM task_routing WHERE outcome = 'deferred' ORDER BY week, key";
        var held = new List<HeldTask>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            held.Add(new HeldTask(RoutingText.ParseHeld(reader.GetString(0), reader.GetString(1)), reader.GetString(2), SqliteText.ParseDate(reader.GetString(3))));
        }

        return held;
    }

    public static async Task<IReadOnlyList<HeldCount>> CountHeldAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteFile.OpenAsync(path, cancellationToken, readOnly: true);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT csm_id, COUNT(*), MIN(week) FROM task_routing WHERE outcome = 'deferred' GROUP BY csm_id ORDER BY csm_id";
        var counts = new List<HeldCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new HeldCount(reader.GetString(0), reader.GetInt64(1), SqliteText.ParseDate(reader.GetString(2))));
        }

        return counts;
    }

    private static bool Exists(SqliteConnection writer)
    {
        using var any = writer.CreateCommand();
        any.CommandText = "SELECT EXISTS (SELECT 1 FROM task_routing WHERE outcome = 'deferred')";
        return Convert.ToInt64(any.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    public void Dispose()
    {
        _upsert.Dispose();
        _supersede.Dispose();
    }
}
