using static CrmSuite.Connector.Store.PostgreSql.PgBatch;

namespace CrmSuite.Connector.Store.PostgreSql;

internal sealed partial class PostgreSqlStateStore : ISuppressedTouches
{
    /// <summary>The partial index of migration 0012 serves it.</summary>
    public async Task<IReadOnlyList<SuppressedCount>> CountSuppressedAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT COALESCE(guardrail, ''), playbook_id, COUNT(*) FROM audit_log
            WHERE kind = 'suppressed' AND at >= $1 AND at < $2
            GROUP BY 1, 2 ORDER BY 1, 2
            """);
        command.Parameters.Add(P(Utc(since)));
        command.Parameters.Add(P(Utc(until)));
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
        await using var command = _dataSource.CreateCommand("""
            SELECT at, playbook_id, playbook_version, COALESCE(from_state, ''), COALESCE(to_state, ''), COALESCE(guardrail, ''), reason
            FROM audit_log WHERE account_id = $1 AND kind = 'suppressed' ORDER BY id DESC LIMIT $2
            """);
        command.Parameters.Add(P(accountId));
        command.Parameters.Add(P(limit));
        var touches = new List<SuppressedTouch>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            touches.Add(new SuppressedTouch(reader.ReadUtc(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6)));
        }

        return touches;
    }
}
