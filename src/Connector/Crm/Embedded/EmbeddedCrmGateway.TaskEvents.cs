using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>The embedded CRM's side of the work queue: completing a task records its event; the connector reads and marks events.</summary>
internal sealed partial class EmbeddedCrmGateway
{
    private const string AccountsByIdQuery = """
        SELECT a.id, a.name, a.segment, a.industry, a.lifecycle_stage, a.csm_id, a.hourly_cost, a.modified_seq,
               s.id, s.product, s.tier, s.seats, s.seats_used, s.billing_period, s.term_months, s.start_date, s.renewal_date,
               s.mrr, s.currency, s.status, s.trial_tier, s.trial_end,
               u.as_of, u.active_users_30d, u.feature_adoption, u.health, u.health_change_30d, u.open_tickets, u.nps,
               u.seat_utilization_min_28d, u.usage_growth_30d, u.days_since_last_login
        FROM (SELECT * FROM accounts WHERE id IN (SELECT value FROM json_each($ids))) a
        LEFT JOIN subscriptions s ON s.account_id = a.id
        LEFT JOIN usage u ON u.account_id = a.id
        ORDER BY a.id, s.id
        """;

    private const string HistoriesByIdQuery = """
        SELECT p.account_id, p.issued_on, p.status, p.answered_on
        FROM proposals p
        WHERE p.account_id IN (SELECT value FROM json_each($ids))
        ORDER BY p.account_id, p.issued_on
        """;

    /// <summary>The given accounts, complete (licenses, usage, contact history), in id order; unknown ids are left out.</summary>
    public async Task<IReadOnlyList<CrmAccountRecord>> ReadAccountsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        await ReadAccountsAsync(await ConnectionAsync(cancellationToken), ids, cancellationToken);

    /// <summary>Reads accounts on any connection to an embedded CRM file (the web UI reads on its own).</summary>
    public static Task<IReadOnlyList<CrmAccountRecord>> ReadAccountsAsync(SqliteConnection connection, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (ids.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<CrmAccountRecord>>([]);
        }

        var json = JsonSerializer.Serialize(ids, StoreJson.Default.IReadOnlyListString);
        using var history = SqliteFile.Prepare(connection, HistoriesByIdQuery, "$ids");
        using var page = SqliteFile.Prepare(connection, AccountsByIdQuery, "$ids");
        history.Parameters[0].Value = json;
        page.Parameters[0].Value = json;
        var histories = new Dictionary<string, PlaybookEngine.Runtime.ContactHistory>(StringComparer.Ordinal);
        ReadHistories(history, histories);
        var records = ImmutableArray.CreateBuilder<CrmAccountRecord>(ids.Count);
        ReadPage(page, records, ImmutableArray.CreateBuilder<PlaybookEngine.Accounts.Subscription>(), histories);
        return Task.FromResult<IReadOnlyList<CrmAccountRecord>>(records.ToImmutable());
    }

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

        var timestamp = CrmText.Timestamp(at);
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
    public async Task MarkTaskEventProcessedAsync(long id, string result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE task_events SET processed_at = $at, result = $result WHERE id = $id";
        command.Parameters.AddWithValue("$at", CrmText.Timestamp(at));
        command.Parameters.AddWithValue("$result", result);
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The allowed outcomes as the tasks table stores them, separated by <c>|</c>.</summary>
    public static ImmutableArray<string> SplitOutcomes(string text) =>
        text.Length == 0 ? [] : [.. text.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
