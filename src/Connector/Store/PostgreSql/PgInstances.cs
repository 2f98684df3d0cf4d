using System.Globalization;
using Npgsql;
using CrmSuite.PlaybookEngine.Runtime;
using static CrmSuite.Connector.Store.PostgreSql.PgBatch;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>Playbook instances: loaded by account ids, upserted from arrays in one statement per page, removed with deleted accounts.</summary>
internal static class PgInstances
{
    public static void AddLoad(NpgsqlBatch batch, string[] accountIds) => batch.Add("""
        SELECT account_id, playbook_id, version, state, entered_at, step, condition_mask, true_since, experiment, held_out
        FROM instances WHERE account_id = ANY($1)
        """, P(accountIds));

    public static async Task ReadAsync(NpgsqlDataReader reader, PageState into, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            var instance = new PlaybookInstance(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.GetString(3),
                reader.ReadUtc(4),
                reader.GetInt32(5),
                unchecked((ulong)reader.GetInt64(6)),
                [.. reader.GetFieldValue<int[]>(7)])
            {
                Experiment = reader.IsDBNull(8) ? null : reader.GetString(8),
                HeldOut = reader.GetInt32(9) != 0,
            };
            if (!into.Instances.TryGetValue(instance.AccountId, out var list))
            {
                into.Instances[instance.AccountId] = list = new List<PlaybookInstance>(2);
            }

            list.Add(instance);
        }
    }

    public static void AddWrite(NpgsqlBatch batch, PageCommit commit)
    {
        var instances = LastPerKey(commit.Instances, i => (i.AccountId, i.PlaybookId));
        if (instances.Count > 0)
        {
            var n = instances.Count;
            var accounts = new string[n];
            var playbooks = new string[n];
            var versions = new int[n];
            var states = new string[n];
            var entered = new DateTime[n];
            var steps = new int[n];
            var masks = new long[n];
            var trueSince = new string[n];
            var experiments = new string?[n];
            var heldOut = new int[n];
            for (var i = 0; i < n; i++)
            {
                var instance = instances[i];
                accounts[i] = instance.AccountId;
                playbooks[i] = instance.PlaybookId;
                versions[i] = instance.Version;
                states[i] = instance.State;
                entered[i] = Utc(instance.EnteredAt);
                steps[i] = instance.Step;
                masks[i] = unchecked((long)instance.ConditionMask);
                experiments[i] = instance.Experiment;
                heldOut[i] = instance.HeldOut ? 1 : 0;
                trueSince[i] = instance.TrueSince.IsDefaultOrEmpty ? "{}" : "{" + string.Join(',', instance.TrueSince.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "}";
            }

            // The "true since" steps travel as array literals: unnest flattens an array of arrays.
            batch.Add("""
                INSERT INTO instances (account_id, playbook_id, version, state, entered_at, step, condition_mask, true_since, experiment, held_out)
                SELECT a, p, v, s, e, st, m, t::integer[], x, h FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::timestamptz[],
                    $6::integer[], $7::bigint[], $8::text[], $9::text[], $10::integer[]) AS u(a, p, v, s, e, st, m, t, x, h)
                ON CONFLICT (account_id, playbook_id) DO UPDATE SET version = excluded.version, state = excluded.state,
                    entered_at = excluded.entered_at, step = excluded.step, condition_mask = excluded.condition_mask, true_since = excluded.true_since,
                    experiment = excluded.experiment, held_out = excluded.held_out
                """, P(accounts), P(playbooks), P(versions), P(states), P(entered), P(steps), P(masks), P(trueSince), P(experiments), P(heldOut));
        }

        if (commit.DeletedAccountIds.Count > 0)
        {
            batch.Add("DELETE FROM instances WHERE account_id = ANY($1)", P(commit.DeletedAccountIds.ToArray()));
        }
    }
}
