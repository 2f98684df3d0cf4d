using Npgsql;
using static CrmSuite.Connector.Store.PostgreSql.PgBatch;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>Sync runs and watermarks: a run's counters grow with each page, and the page's watermark moves in its transaction.</summary>
internal static class PgRuns
{
    public static void AddWrite(NpgsqlBatch batch, PageCommit commit, DateTime at)
    {
        if (commit.Watermark is not null)
        {
            batch.Add("""
                INSERT INTO watermarks (source, value, updated_at) VALUES ($1, $2, $3)
                ON CONFLICT (source) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """, P(commit.WatermarkSource), P(commit.Watermark), P(at));
        }

        var c = commit.Counts;
        batch.Add("""
            UPDATE syncs SET accounts = accounts + $1, transitions = transitions + $2, tasks = tasks + $3, proposals = proposals + $4,
                quarantined = quarantined + $5, watermark_to = COALESCE($6, watermark_to)
            WHERE id = $7
            """, P(c.Accounts), P(c.Transitions), P(c.Tasks), P(c.Proposals), P(c.Quarantined), Text(commit.Watermark), P(commit.SyncId));
    }
}
