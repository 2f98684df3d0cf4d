using System.Text.Json;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;
using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>The metrics' reads of the embedded CRM, on read-only connections of their own (no writer lock needed).</summary>
internal sealed partial class EmbeddedCrmGateway : ICrmActivity
{
    public async Task<IReadOnlyList<AccountProfile>> ReadProfilesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, segment, industry, csm_id FROM accounts";
        var profiles = new List<AccountProfile>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            profiles.Add(new AccountProfile(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return profiles;
    }

    public async Task<IReadOnlyList<ProposalRecord>> ReadProposalRecordsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT key, account_id, playbook_id, issued_on, status, answered_on,
                   json_extract(terms, '$.to_tier'), COALESCE(json_extract(terms, '$.trial_days'), 0)
            FROM proposals
            """;
        var proposals = new List<ProposalRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var trialDays = reader.GetInt32(7);
            proposals.Add(new ProposalRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                Day(reader.GetString(3)),
                Outcome(reader.GetString(4)),
                reader.IsDBNull(5) ? null : Day(reader.GetString(5)),
                trialDays > 0 && !reader.IsDBNull(6) ? reader.GetString(6) : null,
                trialDays));
        }

        return proposals;
    }

    public IEnumerable<TaskRecord> ReadTaskRecords()
    {
        using var connection = OpenMetricsReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT account_id, owner_id, playbook_id, state, created_at, status, outcome FROM tasks";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new TaskRecord(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                Day(reader.GetString(4)),
                reader.GetString(5) switch
                {
                    "completed" => TaskProgress.Completed,
                    "superseded" => TaskProgress.Superseded,
                    _ => TaskProgress.Open,
                },
                reader.IsDBNull(6) ? null : reader.GetString(6));
        }
    }

    public async Task<bool> HasUsageHistoryAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'usage_history'";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return false;
        }

        // Every CRM migrated since usage history exists has the table; only readings in it make adoption measurable.
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM usage_history)";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    public IEnumerable<UsageReading> ReadUsageHistory(IReadOnlyCollection<string> accountIds)
    {
        if (accountIds.Count == 0)
        {
            yield break;
        }

        using var connection = OpenMetricsReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT account_id, as_of, COALESCE(seat_utilization_min_28d, 0), active_users_30d
            FROM usage_history WHERE account_id IN (SELECT value FROM json_each($ids))
            """;
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(accountIds as IReadOnlyList<string> ?? [.. accountIds], SqliteJson.Default.IReadOnlyListString));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new UsageReading(reader.GetString(0), Day(reader.GetString(1)), SqliteText.ParseDecimal(reader.GetString(2)), reader.GetInt32(3));
        }
    }

    private SqliteConnection OpenMetricsReader()
    {
        // The file is created and migrated by the gateway's own connection first: a read-only connection cannot.
        ConnectionAsync(CancellationToken.None).GetAwaiter().GetResult();
        return SqliteFile.Open(_path, readOnly: true);
    }

    private static DateOnly Day(string text) => DateOnly.ParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static ProposalOutcome Outcome(string status) => status switch
    {
        "accepted" => ProposalOutcome.Accepted,
        "declined" => ProposalOutcome.Declined,
        "expired" => ProposalOutcome.Expired,
        "withdrawn" => ProposalOutcome.Withdrawn,
        _ => ProposalOutcome.Open,
    };
}
