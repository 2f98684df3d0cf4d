using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>The embedded CRM's proposal side: answers and expiry recorded with their events; the connector reads and marks events.</summary>
internal sealed partial class EmbeddedCrmGateway
{
    public async Task<ProposalAnswerResult> AnswerProposalAsync(ProposalAnswerRequest request, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var proposal = await ReadProposalAsync(connection, transaction, request.Key, cancellationToken);
        if (proposal is null)
        {
            return new ProposalAnswerResult(ProposalAnswerStatus.NotFound, request.Key, null, null);
        }

        if (proposal.Status != ProposalStatus.Issued)
        {
            return new ProposalAnswerResult(ProposalAnswerStatus.Closed, request.Key, proposal.Status, null);
        }

        if (DateOnly.FromDateTime(request.At.UtcDateTime) > proposal.ExpiresOn)
        {
            return new ProposalAnswerResult(ProposalAnswerStatus.Expired, request.Key, proposal.Status, null);
        }

        var kind = request.Answer == ProposalAnswer.Accepted ? ProposalEventKind.Accepted : ProposalEventKind.Declined;
        await using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = """
            UPDATE proposals SET status = $status, answered_on = $on, answered_at = $at, answered_by = $by, decline_reason = $reason
            WHERE key = $key AND status = 'issued';
            INSERT INTO proposal_events (proposal_key, account_id, playbook_id, state, kind, reason, created_at)
            VALUES ($key, $account, $playbook, $state, $status, $reason, $at)
            RETURNING id;
            """;
        write.Parameters.AddWithValue("$status", EventKind(kind));
        write.Parameters.AddWithValue("$on", SqliteText.Date(DateOnly.FromDateTime(request.At.UtcDateTime)));
        write.Parameters.AddWithValue("$at", SqliteText.Timestamp(request.At));
        write.Parameters.AddWithValue("$by", request.AnsweredBy);
        // A reason is the customer's why for a decline; an acceptance carries none.
        write.Parameters.AddWithValue("$reason", kind == ProposalEventKind.Declined ? (object?)request.Reason ?? DBNull.Value : DBNull.Value);
        write.Parameters.AddWithValue("$key", request.Key);
        write.Parameters.AddWithValue("$account", proposal.AccountId);
        write.Parameters.AddWithValue("$playbook", proposal.PlaybookId);
        write.Parameters.AddWithValue("$state", proposal.State);
        var id = Convert.ToInt64(await write.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        await transaction.CommitAsync(cancellationToken);
        return new ProposalAnswerResult(ProposalAnswerStatus.Answered, request.Key, kind == ProposalEventKind.Accepted ? ProposalStatus.Accepted : ProposalStatus.Declined, id);
    }

    public async Task<int> ExpireProposalsAsync(DateOnly today, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO proposal_events (proposal_key, account_id, playbook_id, state, kind, created_at)
            SELECT key, account_id, playbook_id, state, 'expired', $at FROM proposals WHERE status = 'issued' AND expires_on < $today ORDER BY key;
            UPDATE proposals SET status = 'expired', answered_on = $today_text WHERE status = 'issued' AND expires_on < $today;
            """;
        command.Parameters.AddWithValue("$at", SqliteText.Timestamp(at));
        command.Parameters.AddWithValue("$today", SqliteText.Date(today));
        command.Parameters.AddWithValue("$today_text", SqliteText.Date(today));
        var changed = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed / 2;
    }

    public async Task<IReadOnlyList<ProposalEvent>> ReadExpiringProposalsAsync(DateOnly today, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, account_id, playbook_id, state FROM proposals WHERE status = 'issued' AND expires_on < $today ORDER BY key";
        command.Parameters.AddWithValue("$today", SqliteText.Date(today));
        var due = new List<ProposalEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new ProposalEvent(0, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), ProposalEventKind.Expired, null, at));
        }

        return due;
    }

    public async Task<IReadOnlyList<ProposalEvent>> ReadPendingProposalEventsAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, proposal_key, account_id, playbook_id, state, kind, reason, created_at
            FROM proposal_events WHERE processed_at IS NULL ORDER BY id
            """;
        var events = new List<ProposalEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new ProposalEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                ParseEventKind(reader.GetString(5)), reader.IsDBNull(6) ? null : reader.GetString(6),
                DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
        }

        return events;
    }

    public async Task MarkProposalEventProcessedAsync(long id, string result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE proposal_events SET processed_at = $at, result = $result WHERE id = $id AND processed_at IS NULL";
        command.Parameters.AddWithValue("$at", SqliteText.Timestamp(at));
        command.Parameters.AddWithValue("$result", result);
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ReopenProposalAsync(string key, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE proposals SET status = 'issued', answered_on = NULL, answered_at = NULL, answered_by = NULL, decline_reason = NULL
            WHERE key = $key AND status = 'accepted'
            """;
        command.Parameters.AddWithValue("$key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<CrmProposalRecord?> ReadProposalAsync(string key, CancellationToken cancellationToken) =>
        await ReadProposalAsync(await ConnectionAsync(cancellationToken), null, key, cancellationToken);

    private static async Task<CrmProposalRecord?> ReadProposalAsync(SqliteConnection connection, SqliteTransaction? transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT key, account_id, playbook_id, state, offer_id, issued_on, expires_on, status, terms FROM proposals WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new CrmProposalRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
            SqliteText.ParseDate(reader.GetString(5)), SqliteText.ParseDate(reader.GetString(6)), ParseProposalStatus(reader.GetString(7)),
            reader.IsDBNull(8) ? null : JsonSerializer.Deserialize(reader.GetString(8), CrmJson.Default.ProposalTerms));
    }

    internal static string EventKind(ProposalEventKind kind) => kind switch
    {
        ProposalEventKind.Accepted => "accepted",
        ProposalEventKind.Declined => "declined",
        _ => "expired",
    };

    private static ProposalEventKind ParseEventKind(string text) => text switch
    {
        "accepted" => ProposalEventKind.Accepted,
        "declined" => ProposalEventKind.Declined,
        "expired" => ProposalEventKind.Expired,
        _ => throw new FormatException($"unknown proposal event kind '{text}'"),
    };
}
