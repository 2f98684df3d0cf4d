using System.Globalization;

namespace CrmSuite.Connector.Store;

internal sealed partial class SqliteStateStore
{
    /// <summary>
    /// Writes the day's MRR totals per currency from the last-seen licenses. Re-running it for the same day replaces the
    /// day's row, so a retried job changes nothing.
    /// </summary>
    public async Task<IReadOnlyList<(string Currency, int Accounts, decimal Mrr)>> SnapshotMrrAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var totals = new SortedDictionary<string, (HashSet<string> Accounts, decimal Mrr)>(StringComparer.Ordinal);
        await using (var read = _connection.CreateCommand())
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

        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken);
        await using var write = _connection.CreateCommand();
        write.CommandText = "INSERT OR REPLACE INTO mrr_daily (day, currency, paying_accounts, mrr) VALUES ($day, $currency, $accounts, $mrr)";
        write.Parameters.AddWithValue("$day", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
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
        return [.. totals.Select(t => (t.Key, t.Value.Accounts.Count, t.Value.Mrr))];
    }
}
