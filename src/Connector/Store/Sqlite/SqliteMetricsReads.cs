using CrmSuite.Connector.Sqlite;
using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>
/// The metrics' reads of the state store: each opens its own read-only connection (WAL: a running sync keeps writing)
/// and streams its rows through a statement read by column index, so a million ledger rows are never held at once.
/// </summary>
internal static class SqliteMetricsReads
{
    public static IEnumerable<LedgerEntry> ReadLedger(string path)
    {
        using var connection = SqliteFile.Open(path, readOnly: true);
        using var query = new RawStatement(connection, """
            SELECT day, account_id, subscription_id, mrr_before, mrr_after, currency, tier_before, tier_after, seats_before, seats_after,
                   proposal_key, paid_through
            FROM mrr_ledger INDEXED BY mrr_ledger_account ORDER BY account_id
            """);
        query.Query();
        string? account = null;
        while (query.Read())
        {
            // Consecutive rows share the account: keep one string for all of them.
            var id = query.GetString(1);
            account = id == account ? account : id;
            yield return new LedgerEntry(
                SqliteText.ParseDate(query.GetString(0)),
                account,
                query.GetString(2),
                SqliteText.ParseDecimal(query.GetString(3)),
                SqliteText.ParseDecimal(query.GetString(4)),
                query.GetString(5),
                query.IsDBNull(6) ? null : query.GetString(6),
                query.GetString(7),
                query.GetInt32(8),
                query.GetInt32(9),
                query.IsDBNull(10) ? null : query.GetString(10),
                query.IsDBNull(11) ? null : SqliteText.ParseDate(query.GetString(11)));
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
