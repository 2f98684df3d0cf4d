using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>
/// The metrics' reads of the PostgreSQL store, as the SQLite store's (<c>SqliteMetricsReads</c>): each on a pooled
/// connection of its own, its rows streamed (Npgsql reads a result as it arrives), so a million ledger rows are never
/// held at once and a running sync keeps writing beside it.
/// </summary>
internal sealed partial class PostgreSqlStateStore : IMetricsStore
{
    // The tables a metrics report reads (the dashboard's snapshot is current while none of them changed).
    private const string ReportTables = "'mrr_ledger', 'audit_log', 'instances', 'message_variants'";

    public IEnumerable<LedgerEntry> ReadLedger()
    {
        using var connection = _dataSource.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT day, account_id, subscription_id, mrr_before, mrr_after, currency, tier_before, tier_after, seats_before, seats_after,
                   proposal_key, paid_through
            FROM mrr_ledger ORDER BY account_id, id
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new LedgerEntry(
                reader.GetFieldValue<DateOnly>(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetDecimal(3),
                reader.GetDecimal(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7),
                reader.GetInt32(8),
                reader.GetInt32(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetFieldValue<DateOnly>(11));
        }
    }

    public IEnumerable<TransitionRecord> ReadTransitions()
    {
        using var connection = _dataSource.OpenConnection();
        using var command = connection.CreateCommand();
        // The day in UTC, as the SQLite store's ISO timestamps give it.
        command.CommandText = "SELECT account_id, playbook_id, from_state, to_state, (at AT TIME ZONE 'UTC')::date FROM audit_log WHERE kind = 'transition'";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new TransitionRecord(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateOnly>(4));
        }
    }

    public IEnumerable<ExperimentMember> ReadExperimentMembers()
    {
        using var connection = _dataSource.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT playbook_id, experiment, account_id, held_out FROM instances WHERE experiment IS NOT NULL ORDER BY playbook_id, experiment, account_id";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new ExperimentMember(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3) != 0);
        }
    }

    public IEnumerable<VariantMember> ReadVariantMembers()
    {
        using var connection = _dataSource.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT playbook_id, experiment, variant_set, variant, account_id FROM message_variants ORDER BY playbook_id, experiment, variant_set, account_id";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new VariantMember(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
        }
    }

    /// <summary>
    /// The rows inserted, updated and deleted in the report's tables so far, by every node, from PostgreSQL's statistics:
    /// they grow with every commit (a rolled back one counts too: one report computed again for nothing). A server
    /// reports a session's counts when it goes idle, within about ten seconds of its commit, so a change is seen late,
    /// never missed.
    /// </summary>
    public long ChangeVersion()
    {
        using var command = _dataSource.CreateCommand(
            $"SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname IN ({ReportTables})");
        return (long)command.ExecuteScalar()!;
    }
}
