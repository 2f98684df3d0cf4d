using Npgsql;
using NpgsqlTypes;
using CrmSuite.Connector.Routing;
using static CrmSuite.Connector.Store.PostgreSql.PgBatch;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>
/// The routing ledger (<c>task_routing</c>), as SQLite's <c>SqliteRouting</c>: a page's routing decisions in its batch; a held
/// row changes only to released or superseded; a stage moving on supersedes the held tasks of its playbook's earlier steps.
/// </summary>
internal static class PgRouting
{
    public static void AddWrite(NpgsqlBatch batch, PageCommit commit, DateTime at)
    {
        // A page routes few tasks (most pages none): one statement per row keeps nullable dates simple.
        foreach (var r in commit.Routing ?? [])
        {
            batch.Add("""
                INSERT INTO task_routing (key, account_id, playbook_id, step, csm_id, owner_id, week, outcome, priority, deferred_from, task, routed_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                ON CONFLICT (key) DO UPDATE SET owner_id = excluded.owner_id, week = excluded.week, outcome = excluded.outcome,
                    deferred_from = excluded.deferred_from, task = excluded.task, routed_at = excluded.routed_at
                WHERE task_routing.outcome = 'deferred'
                """, P(r.Key), P(r.AccountId), P(r.PlaybookId), P(r.Step), P(r.CsmId), Text(r.OwnerId), P(r.Week), P(RoutingText.Outcome(r.Outcome)),
                P(RoutingText.Priority(r.Priority)), Date(r.DeferredFrom), Text(RoutingText.HeldJson(r)), P(at));
        }

        var stages = RoutingText.Superseding(commit).ToList();
        if (stages.Count > 0)
        {
            batch.Add("""
                UPDATE task_routing t SET outcome = 'superseded', task = NULL, routed_at = $4
                FROM unnest($1::text[], $2::text[], $3::integer[]) AS s(a, p, step)
                WHERE t.account_id = s.a AND t.playbook_id = s.p AND t.outcome = 'deferred' AND t.step < s.step
                """, P(stages.Select(s => s.AccountId).ToArray()), P(stages.Select(s => s.PlaybookId).ToArray()), P(stages.Select(s => s.Step).ToArray()), P(at));
        }
    }

    public static async Task<IReadOnlyDictionary<string, RoutingOutcome>> FindRoutedAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, RoutingOutcome>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return found;
        }

        await using var command = dataSource.CreateCommand("SELECT key, outcome FROM task_routing WHERE key = ANY($1)");
        command.Parameters.Add(P(keys.ToArray()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = RoutingText.ParseOutcome(reader.GetString(1));
        }

        return found;
    }

    public static async Task<Dictionary<string, int>> ReadLoadAsync(NpgsqlDataSource dataSource, DateOnly week, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT owner_id, COUNT(*)::integer FROM task_routing WHERE week = $1 AND outcome IN {RoutingText.Loaded} GROUP BY owner_id");
        command.Parameters.Add(P(week));
        var load = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            load[reader.GetString(0)] = reader.GetInt32(1);
        }

        return load;
    }

    public static async Task<IReadOnlyList<HeldTask>> ReadHeldAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT key, task, csm_id, week FROM task_routing WHERE outcome = 'deferred' ORDER BY week, key");
        var held = new List<HeldTask>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            held.Add(new HeldTask(RoutingText.ParseHeld(reader.GetString(0), reader.GetString(1)), reader.GetString(2), reader.GetFieldValue<DateOnly>(3)));
        }

        return held;
    }

    public static async Task<IReadOnlyList<HeldCount>> CountHeldAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT csm_id, COUNT(*), MIN(week) FROM task_routing WHERE outcome = 'deferred' GROUP BY csm_id ORDER BY csm_id");
        var counts = new List<HeldCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new HeldCount(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateOnly>(2)));
        }

        return counts;
    }

    private static NpgsqlParameter Date(DateOnly? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date };
}
