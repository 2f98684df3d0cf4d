using System.Globalization;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Store.Sqlite;

internal sealed partial class SqliteStateStore : ISuppressedTouches
{
    /// <summary>On a read-only connection of its own, like <see cref="ReadStatusAsync"/>; the partial index of migration 0012 serves it.</summary>
    public async Task<IReadOnlyList<SuppressedCount>> CountSuppressedAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteFile.OpenAsync(Path, cancellationToken, readOnly: true);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COALESCE(guardrail, ''), playbook_id, COUNT(*) FROM audit_log
            WHERE kind = 'suppressed' AND at >= $since AND at < $until
            GROUP BY 1, 2 ORDER BY 1, 2
            """;
        command.Parameters.AddWithValue("$since", SqliteText.Timestamp(since));
        command.Parameters.AddWithValue("$until", SqliteText.Timestamp(until));
        var counts = new List<SuppressedCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new SuppressedCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return counts;
    }

    public async Task<IReadOnlyList<SuppressedTouch>> ReadSuppressedAsync(string accountId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteFile.OpenAsync(Path, cancellationToken, readOnly: true);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT at, playbook_id, playbook_version, COALESCE(from_state, ''), COALESCE(to_state, ''), COALESCE(guardrail, ''), reason
            FROM audit_log WHERE account_id = $account AND kind = 'suppressed' ORDER BY id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$limit", limit);
        var touches = new List<SuppressedTouch>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            touches.Add(new SuppressedTouch(ParseTimestamp(reader.GetString(0)), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6)));
        }

        return touches;
    }
}
