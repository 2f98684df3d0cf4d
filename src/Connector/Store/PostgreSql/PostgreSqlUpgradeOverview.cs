namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>The admin view's reads of the PostgreSQL store, as <c>SqliteUpgradeOverview</c>'s: each on a pooled connection of its own.</summary>
internal sealed class PostgreSqlUpgradeOverview(PostgreSqlStateStore store) : IUpgradeOverview
{
    public async Task<IReadOnlyList<InstanceStateCount>> CountInstancesAsync(CancellationToken cancellationToken)
    {
        await using var command = store.DataSource.CreateCommand("SELECT playbook_id, state, COUNT(*) FROM instances GROUP BY playbook_id, state ORDER BY playbook_id, state");
        var counts = new List<InstanceStateCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new InstanceStateCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return counts;
    }

    public async Task<LicenseTransitions> ReadLicenseTransitionsAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var recent = new List<MrrMovement>();
        await using (var command = store.DataSource.CreateCommand("""
            SELECT day, account_id, subscription_id, movement, mrr_before, mrr_after, tier_before, tier_after, seats_before, seats_after,
                currency, proposal_key
            FROM mrr_ledger WHERE proposal_key IS NOT NULL ORDER BY day DESC, id DESC LIMIT $1
            """))
        {
            command.Parameters.Add(PgBatch.P(max));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                recent.Add(new MrrMovement(reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetString(2), StoreText.ParseMovement(reader.GetString(3)),
                    reader.GetDecimal(4), reader.GetDecimal(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7), reader.GetInt32(8),
                    reader.GetInt32(9), reader.GetString(10), reader.GetString(11)));
            }
        }

        await using var count = store.DataSource.CreateCommand("SELECT COUNT(*) FROM mrr_ledger WHERE proposal_key IS NOT NULL");
        return new LicenseTransitions((long)(await count.ExecuteScalarAsync(cancellationToken))!, recent);
    }
}
