using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>
/// The MRR ledger's tables: the last-seen values of each license (loaded with a page, to compare the next observation
/// with), the movements, and the daily totals.
/// </summary>
internal sealed class SqliteMrr : IDisposable
{
    private readonly SqliteCommand _load;
    private readonly RawStatement _upsertSnapshot;
    private readonly RawStatement _insertMovement;
    private readonly SqliteCommand _delete;

    public SqliteMrr(SqliteConnection writer, SqliteConnection reader)
    {
        _load = SqliteFile.Prepare(reader, """
            SELECT subscription_id, account_id, tier, seats, mrr, currency, status
            FROM mrr_snapshots WHERE account_id IN (SELECT value FROM json_each($ids))
            UNION
            SELECT subscription_id, account_id, tier, seats, mrr, currency, status
            FROM mrr_snapshots WHERE subscription_id IN (SELECT value FROM json_each($subscriptions))
            """, "$ids", "$subscriptions");
        _upsertSnapshot = new RawStatement(writer, """
            INSERT INTO mrr_snapshots (subscription_id, account_id, tier, seats, mrr, currency, status) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (subscription_id) DO UPDATE SET account_id = excluded.account_id, tier = excluded.tier, seats = excluded.seats,
                mrr = excluded.mrr, currency = excluded.currency, status = excluded.status
            """);
        _insertMovement = new RawStatement(writer, """
            INSERT INTO mrr_ledger (day, account_id, subscription_id, movement, mrr_before, mrr_after, delta, tier_before, tier_after,
                seats_before, seats_after, currency, proposal_key, paid_through) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """);
        _delete = SqliteFile.Prepare(writer, "DELETE FROM mrr_snapshots WHERE account_id IN (SELECT value FROM json_each($ids))", "$ids");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    /// <summary>
    /// The last-seen values of the accounts' licenses, and of the licenses the page's accounts hold now: a license moved
    /// from another account is compared with what was seen under that account, not taken for new.
    /// </summary>
    public void Load(string ids, string subscriptionIds, PageState into)
    {
        _load.Parameters[0].Value = ids;
        _load.Parameters[1].Value = subscriptionIds;
        using var reader = _load.ExecuteReader();
        while (reader.Read())
        {
            var snapshot = new MrrSnapshot(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt32(3),
                SqliteText.ParseDecimal(reader.GetString(4)),
                reader.GetString(5),
                SqliteText.ParseStatus(reader.GetString(6)));
            into.Snapshots[snapshot.SubscriptionId] = snapshot;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(SqliteTransaction transaction, PageCommit commit)
    {
        foreach (var s in commit.Snapshots)
        {
            _upsertSnapshot.Execute(s.SubscriptionId, s.AccountId, s.Tier, s.Seats, SqliteText.Decimal(s.Mrr), s.Currency, SqliteText.Status(s.Status));
        }

        foreach (var m in commit.Movements)
        {
            _insertMovement.Execute(SqliteText.Date(m.Day), m.AccountId, m.SubscriptionId, StoreText.Movement(m.Kind), SqliteText.Decimal(m.MrrBefore),
                SqliteText.Decimal(m.MrrAfter), SqliteText.Decimal(m.MrrAfter - m.MrrBefore), m.TierBefore, m.TierAfter, m.SeatsBefore, m.SeatsAfter,
                m.Currency, m.ProposalKey, m.PaidThrough is { } paid ? SqliteText.Date(paid) : null);
        }

        if (commit.DeletedAccountIds.Count > 0)
        {
            _delete.Transaction = transaction;
            _delete.Parameters[0].Value = JsonSerializer.Serialize(commit.DeletedAccountIds, SqliteJson.Default.IReadOnlyListString);
            _delete.ExecuteNonQuery();
        }
    }

    public static async Task<IReadOnlyList<MrrTotal>> SnapshotDailyAsync(SqliteConnection connection, DateOnly day, CancellationToken cancellationToken)
    {
        var totals = new SortedDictionary<string, (HashSet<string> Accounts, decimal Mrr)>(StringComparer.Ordinal);
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT account_id, mrr, currency FROM mrr_snapshots WHERE status <> 'cancelled'";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var mrr = decimal.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
                if (mrr <= 0)
                {
                    continue;
                }

                var currency = reader.GetString(2);
                var entry = totals.TryGetValue(currency, out var existing) ? existing : ([], 0m);
                entry.Accounts.Add(reader.GetString(0));
                totals[currency] = (entry.Accounts, entry.Mrr + mrr);
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var write = connection.CreateCommand();
        write.CommandText = "INSERT OR REPLACE INTO mrr_daily (day, currency, paying_accounts, mrr) VALUES ($day, $currency, $accounts, $mrr)";
        write.Parameters.AddWithValue("$day", SqliteText.Date(day));
        var currencyParameter = write.Parameters.AddWithValue("$currency", "");
        var accountsParameter = write.Parameters.AddWithValue("$accounts", 0);
        var mrrParameter = write.Parameters.AddWithValue("$mrr", "");
        foreach (var (currency, (accounts, mrr)) in totals)
        {
            currencyParameter.Value = currency;
            accountsParameter.Value = accounts.Count;
            mrrParameter.Value = mrr.ToString(CultureInfo.InvariantCulture);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return [.. totals.Select(t => new MrrTotal(t.Key, t.Value.Accounts.Count, t.Value.Mrr))];
    }

    public void Dispose()
    {
        _load.Dispose();
        _upsertSnapshot.Dispose();
        _insertMovement.Dispose();
        _delete.Dispose();
    }
}
