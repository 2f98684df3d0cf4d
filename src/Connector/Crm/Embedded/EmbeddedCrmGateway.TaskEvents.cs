using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>The embedded CRM's event side: completing a task records its event; the connector reads and marks events.</summary>
internal sealed partial class EmbeddedCrmGateway
{
    /// <summary>
    /// Completes an open task with one of its allowed outcomes and records the event, in one transaction. A task already
    /// completed, an unknown key or an outcome the task does not allow changes nothing and says so.
    /// </summary>
    public async Task<TaskCompletion> CompleteTaskAsync(string key, string outcome, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT account_id, playbook_id, state, outcomes, status, outcome FROM tasks WHERE key = $key";
        read.Parameters.AddWithValue("$key", key);
        string accountId, playbookId, state, status;
        string? stored;
        ImmutableArray<string> allowed;
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return new TaskCompletion(TaskCompletionStatus.NotFound, key, [], null, null);
            }

            accountId = reader.GetString(0);
            playbookId = reader.GetString(1);
            state = reader.GetString(2);
            allowed = SplitOutcomes(reader.GetString(3));
            status = reader.GetString(4);
            stored = reader.IsDBNull(5) ? null : reader.GetString(5);
        }

        if (status != "open")
        {
            return new TaskCompletion(TaskCompletionStatus.AlreadyCompleted, key, allowed, stored, null);
        }

        if (!allowed.Contains(outcome, StringComparer.Ordinal))
        {
            return new TaskCompletion(TaskCompletionStatus.OutcomeNotAllowed, key, allowed, null, null);
        }

        var timestamp = SqliteText.Timestamp(at);
        await using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = """
            UPDATE tasks SET status = 'completed', outcome = $outcome, completed_at = $at WHERE key = $key AND status = 'open';
            INSERT INTO task_events (task_key, account_id, playbook_id, state, outcome, created_at)
            VALUES ($key, $account, $playbook, $state, $outcome, $at)
            RETURNING id;
            """;
        write.Parameters.AddWithValue("$outcome", outcome);
        write.Parameters.AddWithValue("$at", timestamp);
        write.Parameters.AddWithValue("$key", key);
        write.Parameters.AddWithValue("$account", accountId);
        write.Parameters.AddWithValue("$playbook", playbookId);
        write.Parameters.AddWithValue("$state", state);
        var id = Convert.ToInt64(await write.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        await transaction.CommitAsync(cancellationToken);
        return new TaskCompletion(TaskCompletionStatus.Completed, key, allowed, outcome, id);
    }

    /// <summary>Task events not yet processed by the connector, oldest first.</summary>
    public async Task<IReadOnlyList<TaskEvent>> ReadPendingTaskEventsAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, task_key, account_id, playbook_id, state, outcome, created_at
            FROM task_events WHERE processed_at IS NULL ORDER BY id
            """;
        var events = new List<TaskEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new TaskEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
        }

        return events;
    }

    /// <summary>Marks an event processed, with what processing it did, so it is not delivered to the playbook again.</summary>
    public async Task MarkTaskEventProcessedAsync(long id, TaskEventResult result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE task_events SET processed_at = $at, result = $result WHERE id = $id AND processed_at IS NULL";
        command.Parameters.AddWithValue("$at", SqliteText.Timestamp(at));
        command.Parameters.AddWithValue("$result", result.ToString());
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The allowed outcomes as the tasks table stores them, separated by <c>|</c>.</summary>
    public static ImmutableArray<string> SplitOutcomes(string text) =>
        text.Length == 0 ? [] : [.. text.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
