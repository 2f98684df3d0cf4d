using Npgsql;
using static CrmSuite.Connector.Store.PostgreSql.PgBatch;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>
/// The quarantine: entries raised by a page are upserted; entries of the page's accounts that it did not raise again are
/// fixed in the CRM and leave; a deleted account's entries leave with it.
/// </summary>
internal static class PgQuarantine
{
    public static void AddWrite(NpgsqlBatch batch, PageCommit commit, DateTime at)
    {
        var entries = LastPerKey(commit.Quarantined, q => (q.AccountId, q.RecordId, q.Field));
        if (entries.Count > 0)
        {
            batch.Add("""
                INSERT INTO quarantine (account_id, record_id, field, reason, first_seen, last_seen, sync_id)
                SELECT a, r, f, why, $5, $5, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(a, r, f, why)
                ON CONFLICT (account_id, record_id, field) DO UPDATE SET reason = excluded.reason, last_seen = excluded.last_seen,
                    sync_id = excluded.sync_id
                """, P(entries.Select(q => q.AccountId).ToArray()), P(entries.Select(q => q.RecordId).ToArray()),
                P(entries.Select(q => q.Field).ToArray()), P(entries.Select(q => q.Reason).ToArray()), P(at), P(commit.SyncId));
        }

        if (commit.SeenAccountIds.Count > 0)
        {
            batch.Add("DELETE FROM quarantine WHERE account_id = ANY($1) AND sync_id <> $2", P(commit.SeenAccountIds.ToArray()), P(commit.SyncId));
        }

        if (commit.DeletedAccountIds.Count > 0)
        {
            batch.Add("DELETE FROM quarantine WHERE account_id = ANY($1)", P(commit.DeletedAccountIds.ToArray()));
        }
    }
}
