using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>The import of subscription history into the MRR ledger (docs/data.md, "Subscription history").</summary>
internal sealed partial class SqliteStateStore : ISubscriptionHistoryStore
{
    public SubscriptionHistoryWrite Import(Func<ISubscriptionHistorySink, bool> read)
    {
        using var transaction = _connection.BeginTransaction();
        using var sink = new HistorySink(_connection, transaction);
        if (!read(sink))
        {
            transaction.Rollback();
            return new SubscriptionHistoryWrite(0, 0, 0);
        }

        transaction.Commit();
        _checkpointer.Committed();
        return new SubscriptionHistoryWrite(sink.Replaced, sink.Added, sink.LastSeenSet);
    }

    private sealed class HistorySink : ISubscriptionHistorySink, IDisposable
    {
        private readonly SqliteCommand _delete;
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _lastSeen;

        public HistorySink(SqliteConnection connection, SqliteTransaction transaction)
        {
            _delete = Command(connection, transaction, "DELETE FROM mrr_ledger WHERE subscription_id = $id AND imported = 1", "$id");
            _insert = Command(connection, transaction, """
                INSERT INTO mrr_ledger (day, account_id, subscription_id, movement, mrr_before, mrr_after, delta, tier_before, tier_after,
                    seats_before, seats_after, currency, proposal_key, paid_through, imported)
                VALUES ($day, $account, $subscription, $movement, $before, $after, $delta, $tierBefore, $tierAfter, $seatsBefore, $seatsAfter,
                    $currency, NULL, $paidThrough, 1)
                """, "$day", "$account", "$subscription", "$movement", "$before", "$after", "$delta", "$tierBefore", "$tierAfter", "$seatsBefore",
                "$seatsAfter", "$currency", "$paidThrough");
            _lastSeen = Command(connection, transaction, """
                INSERT INTO mrr_snapshots (subscription_id, account_id, tier, seats, mrr, currency, status)
                VALUES ($id, $account, $tier, $seats, $mrr, $currency, $status) ON CONFLICT (subscription_id) DO NOTHING
                """, "$id", "$account", "$tier", "$seats", "$mrr", "$currency", "$status");
        }

        public int Replaced { get; private set; }

        public int Added { get; private set; }

        public int LastSeenSet { get; private set; }

        public void Replace(string subscriptionId)
        {
            _delete.Parameters[0].Value = subscriptionId;
            Replaced += _delete.ExecuteNonQuery();
        }

        public void Add(MrrMovement m)
        {
            object?[] values =
            [
                SqliteText.Date(m.Day), m.AccountId, m.SubscriptionId, StoreText.Movement(m.Kind), SqliteText.Decimal(m.MrrBefore),
                SqliteText.Decimal(m.MrrAfter), SqliteText.Decimal(m.MrrAfter - m.MrrBefore), m.TierBefore, m.TierAfter, m.SeatsBefore, m.SeatsAfter,
                m.Currency, SqliteText.Date(m.PaidThrough),
            ];
            for (var i = 0; i < values.Length; i++)
            {
                _insert.Parameters[i].Value = SqliteFile.Db(values[i]);
            }

            Added += _insert.ExecuteNonQuery();
        }

        public void LastSeen(MrrSnapshot s)
        {
            object[] values = [s.SubscriptionId, s.AccountId, s.Tier, s.Seats, SqliteText.Decimal(s.Mrr), s.Currency, SqliteText.Status(s.Status)];
            for (var i = 0; i < values.Length; i++)
            {
                _lastSeen.Parameters[i].Value = values[i];
            }

            LastSeenSet += _lastSeen.ExecuteNonQuery();
        }

        public void Dispose()
        {
            _delete.Dispose();
            _insert.Dispose();
            _lastSeen.Dispose();
        }

        private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
        {
            var command = SqliteFile.Prepare(connection, sql, parameters);
            command.Transaction = transaction;
            return command;
        }
    }
}
