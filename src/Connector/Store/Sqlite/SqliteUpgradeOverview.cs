using System.Globalization;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>
/// The admin view's reads of the state store, each on a short-lived read-only connection of its own: a page never shares
/// the sync's connection, and WAL lets it read beside a page commit.
/// </summary>
internal sealed class SqliteUpgradeOverview(SqliteStateStore store) : IUpgradeOverview
{
    public async Task<IReadOnlyList<InstanceStateCount>> CountInstancesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await SqliteFile.OpenAsync(store.Path, cancellationToken, readOnly: true);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT playbook_id, state, COUNT(*) FROM instances GROUP BY playbook_id, state ORDER BY playbook_id, state";
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
        await using var connection = await SqliteFile.OpenAsync(store.Path, cancellationToken, readOnly: true);
        var recent = new List<MrrMovement>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT day, account_id, subscription_id, movement, mrr_before, mrr_after, tier_before, tier_after, seats_before, seats_after,
                    currency, proposal_key
                FROM mrr_ledger WHERE proposal_key IS NOT NULL ORDER BY day DESC, id DESC LIMIT $max
                """;
            command.Parameters.AddWithValue("$max", max);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                recent.Add(Movement(reader));
            }
        }

        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM mrr_ledger WHERE proposal_key IS NOT NULL";
        var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        return new LicenseTransitions(total, recent);
    }

    private static MrrMovement Movement(SqliteDataReader reader) => new(
        SqliteText.ParseDate(reader.GetString(0)),
        reader.GetString(1),
        reader.GetString(2),
        StoreText.ParseMovement(reader.GetString(3)),
        SqliteText.ParseDecimal(reader.GetString(4)),
        SqliteText.ParseDecimal(reader.GetString(5)),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetString(7),
        reader.GetInt32(8),
        reader.GetInt32(9),
        reader.GetString(10),
        reader.GetString(11));
}
