using System.Globalization;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>The account view's reads, on a short-lived read-only connection like the work queue's.</summary>
internal sealed partial class EmbeddedCrmGateway : ICrmAccountView
{
    public async Task<CrmAccountActivity?> ReadAccountActivityAsync(string accountId, int maxRows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        await using var connection = await OpenReaderAsync(cancellationToken);
        string name;
        await using (var account = Command(connection, "SELECT name FROM accounts WHERE id = $account", accountId, maxRows))
        {
            if (await account.ExecuteScalarAsync(cancellationToken) is not string found)
            {
                return null;
            }

            name = found;
        }

        var stages = new List<CrmStageRow>();
        await using (var command = Command(connection, """
            SELECT playbook_id, playbook_version, stage, entered_at FROM playbook_stages WHERE account_id = $account ORDER BY playbook_id LIMIT $max
            """, accountId, maxRows))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                stages.Add(new CrmStageRow(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), Timestamp(reader.GetString(3))));
            }
        }

        var tasks = new List<CrmTaskRow>();
        await using (var command = Command(connection, """
            SELECT key, playbook_id, playbook_version, state, subject, due, status, outcome, created_at, reason, provenance
            FROM tasks WHERE account_id = $account ORDER BY created_at DESC, key LIMIT $max
            """, accountId, maxRows))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tasks.Add(new CrmTaskRow(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
                    SqliteText.ParseDate(reader.GetString(5)), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                    Timestamp(reader.GetString(8)), ReadReason(reader, 10, 9, reader.GetString(3))));
            }
        }

        var proposals = new List<CrmProposalRow>();
        await using (var command = Command(connection, """
            SELECT key, playbook_id, playbook_version, state, offer_id, issued_on, expires_on, status, reason, provenance
            FROM proposals WHERE account_id = $account ORDER BY issued_on DESC, key LIMIT $max
            """, accountId, maxRows))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                proposals.Add(new CrmProposalRow(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
                    SqliteText.ParseDate(reader.GetString(5)), SqliteText.ParseDate(reader.GetString(6)), reader.GetString(7),
                    ReadReason(reader, 9, 8, reader.GetString(3))));
            }
        }

        var changes = new List<CrmLicenseChangeRow>();
        await using (var command = Command(connection, """
            SELECT proposal_key, effective_on, from_tier, from_seats, to_tier, to_seats, mrr_before, mrr_after, currency
            FROM license_changes WHERE account_id = $account ORDER BY effective_on DESC, proposal_key LIMIT $max
            """, accountId, maxRows))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                changes.Add(new CrmLicenseChangeRow(reader.GetString(0), SqliteText.ParseDate(reader.GetString(1)), reader.GetString(2), reader.GetInt32(3),
                    reader.GetString(4), reader.GetInt32(5), decimal.Parse(reader.GetString(6), CultureInfo.InvariantCulture),
                    decimal.Parse(reader.GetString(7), CultureInfo.InvariantCulture), reader.GetString(8)));
            }
        }

        return new CrmAccountActivity(accountId, name, stages, tasks, proposals, changes);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, string accountId, int maxRows)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$max", maxRows);
        return command;
    }

    private static DateTimeOffset Timestamp(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
