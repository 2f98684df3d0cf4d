using System.Runtime.CompilerServices;
using CrmSuite.Connector.Sqlite;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>Reads the MRR ledger back on a read-only connection of its own: no migration, no write, the file's bytes unchanged.</summary>
internal sealed class SqliteMrrHistory(IOptions<SqliteStoreOptions> options) : IMrrHistory
{
    private const string Query = """
        SELECT day, account_id, subscription_id, movement, mrr_before, mrr_after, tier_before, tier_after, seats_before, seats_after, currency, proposal_key
        FROM mrr_ledger WHERE day > $after ORDER BY account_id, day, id
        """;

    public async IAsyncEnumerable<MrrMovement> ReadMovementsAsync(DateOnly after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = options.Value.Path;
        if (!File.Exists(path))
        {
            yield break;
        }

        await using var connection = await SqliteFile.OpenAsync(path, cancellationToken, readOnly: true);
        using var rows = new RawStatement(connection, Query, "$after");
        rows.Query(SqliteText.Date(after));
        while (rows.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new MrrMovement(
                SqliteText.ParseDate(rows.GetString(0)), rows.GetString(1), rows.GetString(2), StoreText.ParseMovement(rows.GetString(3)),
                SqliteText.ParseDecimal(rows.GetString(4)), SqliteText.ParseDecimal(rows.GetString(5)), rows.IsDBNull(6) ? null : rows.GetString(6),
                rows.GetString(7), rows.GetInt32(8), rows.GetInt32(9), rows.GetString(10), rows.IsDBNull(11) ? null : rows.GetString(11));
        }
    }
}
