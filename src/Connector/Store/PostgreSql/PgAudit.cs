using Npgsql;
using static CrmSuite.Connector.Store.PostgreSql.PgBatch;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>
/// The audit log: a page's entries inserted from arrays in one statement. An unplaced instance, seen at every sync while
/// it lasts, is recorded once: the partial unique index of migration 0006 is the statement's conflict target, and no
/// other kind of entry is in that index.
/// </summary>
internal static class PgAudit
{
    public static void AddWrite(NpgsqlBatch batch, PageCommit commit)
    {
        var n = commit.Audit.Count;
        if (n == 0)
        {
            return;
        }

        var at = new DateTime[n];
        var triggeredBy = new string[n];
        var accounts = new string[n];
        var playbooks = new string[n];
        var versions = new int[n];
        var kinds = new string[n];
        var from = new string?[n];
        var to = new string?[n];
        var reasons = new string[n];
        var keys = new string[n];
        var provenance = new string[n];
        var guardrails = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var a = commit.Audit[i];
            at[i] = Utc(a.At);
            triggeredBy[i] = a.TriggeredBy;
            accounts[i] = a.AccountId;
            playbooks[i] = a.PlaybookId;
            versions[i] = a.PlaybookVersion;
            kinds[i] = StoreText.AuditKind(a.Kind);
            from[i] = a.Reason.From;
            to[i] = a.Reason.To;
            reasons[i] = a.Refusal is { } refusal ? $"{a.Reason}; refused by {refusal}" : a.Reason.ToString();
            keys[i] = a.EffectKey;
            provenance[i] = a.ProvenanceJson;
            guardrails[i] = a.Refusal?.Rule;
        }

        batch.Add("""
            INSERT INTO audit_log (at, sync_id, triggered_by, account_id, playbook_id, playbook_version, kind, from_state, to_state, reason,
                effect_key, provenance, guardrail)
            SELECT at, $1, t, a, p, v, k, f, s, r, e, pr, g FROM unnest($2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::integer[],
                $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[]) WITH ORDINALITY
                AS u(at, t, a, p, v, k, f, s, r, e, pr, g, n)
            ORDER BY n
            ON CONFLICT (effect_key) WHERE kind = 'unplaced' DO NOTHING
            """, P(commit.SyncId), P(at), P(triggeredBy), P(accounts), P(playbooks), P(versions), P(kinds), P(from), P(to), P(reasons), P(keys),
            P(provenance), P(guardrails));
    }
}
