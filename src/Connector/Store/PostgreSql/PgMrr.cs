using Npgsql;
using CrmSuite.Connector.Sqlite;
using static CrmSuite.Connector.Store.PostgreSql.PgBatch;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>
/// The MRR ledger's tables: the last-seen values of each license (loaded with a page), the movements, and the daily totals.
/// </summary>
internal static class PgMrr
{
    /// <summary>
    /// The last-seen values of the accounts' licenses, and of the licenses the page's accounts hold now: a license moved
    /// from another account is compared with what was seen under that account, not taken for new.
    /// </summary>
    public static void AddLoad(NpgsqlBatch batch, string[] accountIds, string[] subscriptionIds) => batch.Add("""
        SELECT subscription_id, account_id, tier, seats, mrr, currency, status FROM mrr_snapshots WHERE account_id = ANY($1)
        UNION
        SELECT subscription_id, account_id, tier, seats, mrr, currency, status FROM mrr_snapshots WHERE subscription_id = ANY($2)
        """, P(accountIds), P(subscriptionIds));

    public static async Task ReadAsync(NpgsqlDataReader reader, PageState into, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            var snapshot = new MrrSnapshot(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetDecimal(4),
                reader.GetString(5), SqliteText.ParseStatus(reader.GetString(6)));
            into.Snapshots[snapshot.SubscriptionId] = snapshot;
        }
    }

    public static void AddWrite(NpgsqlBatch batch, PageCommit commit)
    {
        var snapshots = LastPerKey(commit.Snapshots, s => s.SubscriptionId);
        if (snapshots.Count > 0)
        {
            batch.Add("""
                INSERT INTO mrr_snapshots (subscription_id, account_id, tier, seats, mrr, currency, status)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::numeric[], $6::text[], $7::text[])
                ON CONFLICT (subscription_id) DO UPDATE SET account_id = excluded.account_id, tier = excluded.tier, seats = excluded.seats,
                    mrr = excluded.mrr, currency = excluded.currency, status = excluded.status
                """, P(snapshots.Select(s => s.SubscriptionId).ToArray()), P(snapshots.Select(s => s.AccountId).ToArray()),
                P(snapshots.Select(s => s.Tier).ToArray()), P(snapshots.Select(s => s.Seats).ToArray()), P(snapshots.Select(s => s.Mrr).ToArray()),
                P(snapshots.Select(s => s.Currency).ToArray()), P(snapshots.Select(s => SqliteText.Status(s.Status)).ToArray()));
        }

        var m = commit.Movements;
        if (m.Count > 0)
        {
            batch.Add("""
                INSERT INTO mrr_ledger (day, account_id, subscription_id, movement, mrr_before, mrr_after, delta, tier_before, tier_after,
                    seats_before, seats_after, currency, proposal_key, paid_through)
                SELECT d, a, s, k, b, af, af - b, tb, ta, sb, sa, c, p, pt FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::numeric[],
                    $6::numeric[], $7::text[], $8::text[], $9::integer[], $10::integer[], $11::text[], $12::text[], $13::date[]) WITH ORDINALITY
                    AS u(d, a, s, k, b, af, tb, ta, sb, sa, c, p, pt, n)
                ORDER BY n
                """, P(m.Select(x => x.Day).ToArray()), P(m.Select(x => x.AccountId).ToArray()), P(m.Select(x => x.SubscriptionId).ToArray()),
                P(m.Select(x => StoreText.Movement(x.Kind)).ToArray()), P(m.Select(x => x.MrrBefore).ToArray()), P(m.Select(x => x.MrrAfter).ToArray()),
                P(m.Select(x => x.TierBefore).ToArray()), P(m.Select(x => x.TierAfter).ToArray()), P(m.Select(x => x.SeatsBefore).ToArray()),
                P(m.Select(x => x.SeatsAfter).ToArray()), P(m.Select(x => x.Currency).ToArray()), P(m.Select(x => x.ProposalKey).ToArray()),
                P(m.Select(x => x.PaidThrough).ToArray()));
        }

        if (commit.DeletedAccountIds.Count > 0)
        {
            batch.Add("DELETE FROM mrr_snapshots WHERE account_id = ANY($1)", P(commit.DeletedAccountIds.ToArray()));
        }
    }

    /// <summary>
    /// Writes the day's MRR totals per currency from the last-seen licenses (paying: not cancelled, MRR above zero);
    /// re-running it for the same day replaces the day's rows.
    /// </summary>
    public static async Task<IReadOnlyList<MrrTotal>> SnapshotDailyAsync(NpgsqlDataSource dataSource, DateOnly day, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO mrr_daily (day, currency, paying_accounts, mrr)
            SELECT $1, currency, COUNT(DISTINCT account_id), SUM(mrr) FROM mrr_snapshots WHERE status <> 'cancelled' AND mrr > 0 GROUP BY currency
            ON CONFLICT (day, currency) DO UPDATE SET paying_accounts = excluded.paying_accounts, mrr = excluded.mrr
            RETURNING currency, paying_accounts, mrr
            """);
        command.Parameters.Add(P(day));
        var totals = new List<MrrTotal>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            totals.Add(new MrrTotal(reader.GetString(0), reader.GetInt32(1), reader.GetDecimal(2)));
        }

        return [.. totals.OrderBy(t => t.Currency, StringComparer.Ordinal)];
    }
}
