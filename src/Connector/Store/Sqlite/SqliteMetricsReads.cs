using CrmSuite.Connector.Sqlite;
using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>
/// The metrics' reads of the state store: each opens its own read-only connection (WAL: a running sync keeps writing)
/// and streams its rows through a statement read by column index, so a million ledger rows are never held at once.
/// </summary>
internal static class SqliteMetricsReads
{
    internal const string LedgerQuery = """
        SELECT day, account_id, subscription_id, mrr_before, mrr_after, currency, tier_before, tier_after, seats_before, seats_after,
               proposal_key, paid_through
        FROM mrr_ledger ORDER BY account_id, id
        """;

    public static IEnumerable<LedgerEntry> ReadLedger(string path)
    {
        // Opened, read and closed by this enumeration on one thread (ReadAhead's, in a report): no connection mutex needed.
        // The ledger's report index (migration 0016) holds exactly these columns in this order, so SQLite walks it alone
        // and never the table. No INDEXED BY: a file no store of this version has opened yet has only the account index, and
        // the planner then reads through that one; the same rows in the same order either way.
        using var connection = SingleThreadReader.Open(path);
        using var query = connection.Prepare(LedgerQuery);
        query.Query();

        // Columns are read as UTF-8 bytes and parsed in place; a string is made only for a value not seen just before: an
        // account's rows come together, its subscriptions repeat, and currencies and tiers are a handful of values.
        var accounts = new Utf8StringCache(1);
        var subscriptions = new Utf8StringCache(8);
        var labels = new Utf8StringCache(16);
        while (query.Read())
        {
            yield return new LedgerEntry(
                SqliteText.ParseDate(query.GetUtf8(0)),
                accounts.Get(query.GetUtf8(1)),
                subscriptions.Get(query.GetUtf8(2)),
                SqliteText.ParseDecimal(query.GetUtf8(3)),
                SqliteText.ParseDecimal(query.GetUtf8(4)),
                labels.Get(query.GetUtf8(5)),
                query.IsDBNull(6) ? null : labels.Get(query.GetUtf8(6)),
                labels.Get(query.GetUtf8(7)),
                query.GetInt32(8),
                query.GetInt32(9),
                query.IsDBNull(10) ? null : query.GetString(10),
                query.IsDBNull(11) ? null : SqliteText.ParseDate(query.GetUtf8(11)));
        }
    }

    public static IEnumerable<TransitionRecord> ReadTransitions(string path)
    {
        using var connection = SqliteFile.Open(path, readOnly: true);
        using var query = new RawStatement(connection, "SELECT account_id, playbook_id, from_state, to_state, at FROM audit_log WHERE kind = 'transition'");
        query.Query();
        while (query.Read())
        {
            var at = query.GetString(4);
            yield return new TransitionRecord(
                query.GetString(0),
                query.GetString(1),
                query.IsDBNull(2) ? null : query.GetString(2),
                query.GetString(3),
                SqliteText.ParseDate(at[..10]));
        }
    }

    public static IEnumerable<ExperimentMember> ReadExperimentMembers(string path)
    {
        using var connection = SqliteFile.Open(path, readOnly: true);
        using var query = new RawStatement(connection,
            "SELECT playbook_id, experiment, account_id, held_out FROM instances WHERE experiment IS NOT NULL ORDER BY playbook_id, experiment, account_id");
        query.Query();
        while (query.Read())
        {
            yield return new ExperimentMember(query.GetString(0), query.GetString(1), query.GetString(2), query.GetInt32(3) != 0);
        }
    }

    public static IEnumerable<VariantMember> ReadVariantMembers(string path)
    {
        using var connection = SqliteFile.Open(path, readOnly: true);
        using var query = new RawStatement(connection,
            "SELECT playbook_id, experiment, variant_set, variant, account_id FROM message_variants ORDER BY playbook_id, experiment, variant_set, account_id");
        query.Query();
        while (query.Read())
        {
            yield return new VariantMember(query.GetString(0), query.GetString(1), query.GetString(2), query.GetString(3), query.GetString(4));
        }
    }
}
