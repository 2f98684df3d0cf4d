using System.Globalization;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Sync;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Web;

/// <summary>
/// Reads the work queue out of the embedded CRM on a read-only connection of its own, so a CSM's page never waits for a
/// running sync (WAL lets readers work beside the writer) and never shares the sync's connection.
/// </summary>
internal sealed class WorkQueueReader(ConnectorEngine engine, TimeProvider time)
{
    /// <summary>The most tasks one page shows; the view says how many there are in all.</summary>
    public const int MaxTasks = 100;

    private const string PriorityRank = "CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 WHEN 'low' THEN 3 ELSE 4 END";

    public async Task<IReadOnlyList<CsmView>> ReadCsmsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT u.id, u.name, u.role,
                   (SELECT COUNT(*) FROM tasks t JOIN accounts a ON a.id = t.account_id WHERE t.status = 'open' AND a.csm_id = u.id)
            FROM users u
            WHERE u.role = 'csm' OR EXISTS (SELECT 1 FROM accounts a WHERE a.csm_id = u.id)
            ORDER BY u.name, u.id
            """;
        var csms = new List<CsmView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            csms.Add(new CsmView(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        }

        return csms;
    }

    /// <summary>The open tasks of the accounts <paramref name="csmId"/> owns, or null when no such user exists.</summary>
    public async Task<WorkQueueView?> ReadTasksAsync(string csmId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var csm = await ReadCsmAsync(connection, csmId, cancellationToken);
        if (csm is null)
        {
            return null;
        }

        var rows = await ReadOpenTasksAsync(connection, csmId, cancellationToken);
        var accountIds = rows.Select(r => r.AccountId).Distinct(StringComparer.Ordinal).ToList();
        var accounts = (await EmbeddedCrmGateway.ReadAccountsAsync(connection, accountIds, cancellationToken))
            .ToDictionary(r => r.Account.Id, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var runtime = engine.Runtime;
        var tasks = new List<TaskView>(rows.Count);
        foreach (var row in rows)
        {
            var playbook = runtime.Find(row.PlaybookId);
            var context = accounts.TryGetValue(row.AccountId, out var record) ? ContextOf(record, now, today) : null;
            var (talkTrack, objections) = PlaybookScripts.Render(playbook, row.State, context);
            tasks.Add(new TaskView(row.Key, row.AccountId, row.AccountName, row.Subject, row.Due, row.Due < today, row.Priority, row.PlaybookId,
                playbook?.Definition.Title ?? row.PlaybookId, row.PlaybookVersion, row.State, row.Reason, row.Outcomes, talkTrack, objections,
                row.Proposal));
        }

        return new WorkQueueView(csm, today, await CountOpenTasksAsync(connection, csmId, cancellationToken), tasks);
    }

    private static EvaluationContext? ContextOf(CrmAccountRecord record, DateTimeOffset now, DateOnly today) =>
        PrimarySubscription.Choose(record.Subscriptions) is { } primary
            ? new EvaluationContext(record.Account, SignalComputer.Compute(record.Account, primary, record.Usage, today), record.History, now)
            : null;

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = engine.Services.Crm.Path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task<CsmView?> ReadCsmAsync(SqliteConnection connection, string csmId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, role FROM users WHERE id = $id";
        command.Parameters.AddWithValue("$id", csmId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new CsmView(reader.GetString(0), reader.GetString(1), reader.GetString(2), await CountOpenTasksAsync(connection, csmId, cancellationToken))
            : null;
    }

    private static async Task<long> CountOpenTasksAsync(SqliteConnection connection, string csmId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM tasks t JOIN accounts a ON a.id = t.account_id WHERE t.status = 'open' AND a.csm_id = $csm";
        command.Parameters.AddWithValue("$csm", csmId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private sealed record TaskRow(string Key, string AccountId, string AccountName, string PlaybookId, int PlaybookVersion, string State,
        string Subject, DateOnly Due, string Priority, System.Collections.Immutable.ImmutableArray<string> Outcomes, string Reason, ProposalView? Proposal);

    private static async Task<List<TaskRow>> ReadOpenTasksAsync(SqliteConnection connection, string csmId, CancellationToken cancellationToken)
    {
        // The proposal of the same step: same account, playbook version and state, issued the day the task was created
        // (a transition's task and proposal are written together).
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT t.key, t.account_id, a.name, t.playbook_id, t.playbook_version, t.state, t.subject, t.due, t.priority, t.outcomes, t.reason,
                   p.key, p.offer_id, p.issued_on, p.expires_on, p.status
            FROM tasks t
            JOIN accounts a ON a.id = t.account_id
            LEFT JOIN proposals p ON p.key = (
                SELECT p2.key FROM proposals p2
                WHERE p2.account_id = t.account_id AND p2.playbook_id = t.playbook_id AND p2.playbook_version = t.playbook_version
                  AND p2.state = t.state AND p2.issued_on = substr(t.created_at, 1, 10)
                ORDER BY p2.key LIMIT 1)
            WHERE t.status = 'open' AND a.csm_id = $csm
            ORDER BY t.due, {PriorityRank}, t.created_at, t.key
            LIMIT {MaxTasks}
            """;
        command.Parameters.AddWithValue("$csm", csmId);
        var rows = new List<TaskRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var proposal = reader.IsDBNull(11) ? null : new ProposalView(reader.GetString(11), reader.GetString(12),
                SqliteText.ParseDate(reader.GetString(13)), SqliteText.ParseDate(reader.GetString(14)), reader.GetString(15));
            rows.Add(new TaskRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.GetString(5), reader.GetString(6), SqliteText.ParseDate(reader.GetString(7)), reader.GetString(8),
                EmbeddedCrmGateway.SplitOutcomes(reader.GetString(9)), reader.GetString(10), proposal));
        }

        return rows;
    }
}
