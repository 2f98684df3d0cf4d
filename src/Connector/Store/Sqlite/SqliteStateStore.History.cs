using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;
using CrmSuite.PlaybookEngine.Accounts;

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
            return new SubscriptionHistoryWrite(0, 0, 0, 0);
        }

        transaction.Commit();
        _checkpointer.Committed();
        return new SubscriptionHistoryWrite(sink.Replaced, sink.Added, sink.LastSeenSet, sink.SetAsideCount);
    }

    private sealed class HistorySink : ISubscriptionHistorySink, IDisposable
    {
        private const string LedgerColumns = "id, day, account_id, subscription_id, movement, mrr_before, mrr_after, delta, tier_before, tier_after, "
            + "seats_before, seats_after, currency, proposal_key, paid_through, imported";

        private readonly SqliteCommand _restore;
        private readonly SqliteCommand _forgetSetAside;
        private readonly SqliteCommand _firstObserved;
        private readonly SqliteCommand _setAside;
        private readonly SqliteCommand _removeSighting;
        private readonly SqliteCommand _delete;
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _lastSeen;

        public HistorySink(SqliteConnection connection, SqliteTransaction transaction)
        {
            _restore = Command(connection, transaction,
                $"INSERT INTO mrr_ledger ({LedgerColumns}) SELECT {LedgerColumns} FROM mrr_ledger_set_aside WHERE subscription_id = $id", "$id");
            _forgetSetAside = Command(connection, transaction, "DELETE FROM mrr_ledger_set_aside WHERE subscription_id = $id", "$id");

            // By account: the ledger's account index finds the few rows of one account; there is no index by subscription.
            _firstObserved = Command(connection, transaction, """
                SELECT id, day, movement, mrr_before, mrr_after, tier_after, seats_after, currency, proposal_key FROM mrr_ledger
                WHERE account_id = $account AND subscription_id = $id AND imported = 0 ORDER BY id LIMIT 2
                """, "$account", "$id");
            _setAside = Command(connection, transaction,
                $"INSERT INTO mrr_ledger_set_aside ({LedgerColumns}) SELECT {LedgerColumns} FROM mrr_ledger WHERE id = $id", "$id");
            _removeSighting = Command(connection, transaction, "DELETE FROM mrr_ledger WHERE id = $id", "$id");
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

        public int SetAsideCount { get; private set; }

        public FirstSighting? Replace(string accountId, string subscriptionId)
        {
            _restore.Parameters[0].Value = subscriptionId;
            _restore.ExecuteNonQuery();
            _forgetSetAside.Parameters[0].Value = subscriptionId;
            _forgetSetAside.ExecuteNonQuery();
            _delete.Parameters[0].Value = subscriptionId;
            Replaced += _delete.ExecuteNonQuery();
            return FirstSighting(accountId, subscriptionId);
        }

        public void SetAside(FirstSighting sighting)
        {
            _setAside.Parameters[0].Value = sighting.MovementId;
            _setAside.ExecuteNonQuery();
            _removeSighting.Parameters[0].Value = sighting.MovementId;
            SetAsideCount += _removeSighting.ExecuteNonQuery();
        }

        private FirstSighting? FirstSighting(string accountId, string subscriptionId)
        {
            _firstObserved.Parameters[0].Value = accountId;
            _firstObserved.Parameters[1].Value = subscriptionId;
            using var reader = _firstObserved.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var sighting = reader.GetString(2) == StoreText.Movement(MrrMovementKind.New) && reader.IsDBNull(8)
                && SqliteText.ParseDecimal(reader.GetString(3)) == 0m
                ? new FirstSighting(
                    reader.GetInt64(0),
                    SqliteText.ParseDate(reader.GetString(1)),
                    new MrrSnapshot(subscriptionId, accountId, reader.GetString(5), reader.GetInt32(6), SqliteText.ParseDecimal(reader.GetString(4)),
                        reader.GetString(7), SubscriptionStatus.Active),
                    null)
                : null;
            if (sighting is null)
            {
                return null;
            }

            return reader.Read() ? sighting with { NextObserved = SqliteText.ParseDate(reader.GetString(1)) } : sighting;
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
            _restore.Dispose();
            _forgetSetAside.Dispose();
            _firstObserved.Dispose();
            _setAside.Dispose();
            _removeSighting.Dispose();
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
