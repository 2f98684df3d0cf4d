using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>
/// The reads behind the work queue, each on a short-lived read-only connection of its own, so a CSM's page never waits for
/// a running sync (WAL lets readers work beside the writer) and never shares the sync's connection.
/// </summary>
internal sealed partial class EmbeddedCrmGateway
{
    private const string PriorityRank = "CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 WHEN 'low' THEN 3 ELSE 4 END";

    // A user's open tasks are those they own: the account's CSM when written, or the pool member routing gave it to.
    private const string OpenTaskCount = "SELECT COUNT(*) FROM tasks t WHERE t.status = 'open' AND t.owner_id = $csm";

    // One grouped count for all CSMs: a count per CSM walked every open task (and every account) once per user, about
    // 15 s on 100k accounts against 0.5 s. Grouped by owner (OpenTaskCount's rule), on the open-by-owner index (0008).
    public async Task<IReadOnlyList<CrmCsm>> ReadCsmsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT u.id, u.name, u.role, COALESCE(open_counts.tasks, 0)
            FROM users u
            LEFT JOIN (SELECT owner_id, COUNT(*) AS tasks FROM tasks WHERE status = 'open' AND owner_id IS NOT NULL GROUP BY owner_id) open_counts
                   ON open_counts.owner_id = u.id
            WHERE u.role = 'csm' OR u.id IN (SELECT csm_id FROM accounts) OR open_counts.tasks IS NOT NULL
            ORDER BY u.name, u.id
            """;
        var csms = new List<CrmCsm>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            csms.Add(new CrmCsm(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        }

        return csms;
    }

    public async Task<CrmTaskQueue?> ReadOpenTasksAsync(string csmId, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var connection = await OpenReaderAsync(cancellationToken);
        CrmCsm csm;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT id, name, role, ({OpenTaskCount}) FROM users WHERE id = $csm";
            command.Parameters.AddWithValue("$csm", csmId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            csm = new CrmCsm(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3));
        }

        return new CrmTaskQueue(csm, csm.OpenTasks, await ReadOpenTasksAsync(connection, csmId, max, cancellationToken));
    }

    public async Task<IReadOnlyList<CrmOpenProposal>?> ReadOpenProposalsAsync(string csmId, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using (var exists = connection.CreateCommand())
        {
            exists.CommandText = "SELECT EXISTS (SELECT 1 FROM users WHERE id = $csm)";
            exists.Parameters.AddWithValue("$csm", csmId);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
            {
                return null;
            }
        }

        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT p.key, p.account_id, a.name, p.playbook_id, p.state, p.offer_id, p.issued_on, p.expires_on, p.reason, p.provenance, p.terms,
                   p.document_html
            FROM proposals p JOIN accounts a ON a.id = p.account_id
            WHERE p.status = 'issued' AND a.csm_id = $csm
            ORDER BY p.expires_on, p.key
            LIMIT $max
            """;
        command.Parameters.AddWithValue("$csm", csmId);
        command.Parameters.AddWithValue("$max", max);
        var proposals = new List<CrmOpenProposal>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            proposals.Add(new CrmOpenProposal(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), SqliteText.ParseDate(reader.GetString(6)), SqliteText.ParseDate(reader.GetString(7)),
                ReadReason(reader, 9, 8, reader.GetString(4)),
                reader.IsDBNull(10) ? null : JsonSerializer.Deserialize(reader.GetString(10), CrmJson.Default.ProposalTerms),
                reader.IsDBNull(11) ? null : reader.GetString(11)));
        }

        return proposals;
    }

    private static async Task<ImmutableArray<CrmOpenTask>> ReadOpenTasksAsync(SqliteConnection connection, string csmId, int max, CancellationToken cancellationToken)
    {
        // The proposal of the same step: same account, playbook version and state, issued the day the task was created
        // (a transition's task and proposal are written together).
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT t.key, t.account_id, a.name, t.playbook_id, t.playbook_version, t.state, t.subject, t.due, t.priority, t.outcomes,
                   t.reason, t.provenance, t.created_at, p.key, p.offer_id, p.issued_on, p.expires_on, p.status
            FROM tasks t
            JOIN accounts a ON a.id = t.account_id
            LEFT JOIN proposals p ON p.key = (
                SELECT p2.key FROM proposals p2
                WHERE p2.account_id = t.account_id AND p2.playbook_id = t.playbook_id AND p2.playbook_version = t.playbook_version
                  AND p2.state = t.state AND p2.issued_on = substr(t.created_at, 1, 10)
                ORDER BY p2.key LIMIT 1)
            WHERE t.status = 'open' AND t.owner_id = $csm
            ORDER BY t.due, {PriorityRank}, t.created_at, t.key
            LIMIT $max
            """;
        command.Parameters.AddWithValue("$csm", csmId);
        command.Parameters.AddWithValue("$max", max);
        var tasks = ImmutableArray.CreateBuilder<CrmOpenTask>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var task = new CrmTask(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(3),
                reader.GetInt32(4),
                ReadReason(reader, 11, 10, reader.GetString(5)),
                reader.GetString(5),
                reader.GetString(6),
                SqliteText.ParseDate(reader.GetString(7)),
                "csm",
                ParsePriority(reader.GetString(8)),
                SplitOutcomes(reader.GetString(9)),
                DateTimeOffset.Parse(reader.GetString(12), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
            var proposal = reader.IsDBNull(13) ? null : new CrmProposalState(reader.GetString(13), reader.GetString(14),
                SqliteText.ParseDate(reader.GetString(15)), SqliteText.ParseDate(reader.GetString(16)), ParseProposalStatus(reader.GetString(17)));
            tasks.Add(new CrmOpenTask(task, reader.GetString(2), proposal));
        }

        return tasks.DrainToImmutable();
    }

    // Rows written before provenance was stored keep only the one-line reason: it becomes the trigger, with no readings.
    private static Reason ReadReason(SqliteDataReader reader, int provenance, int reason, string state) =>
        reader.IsDBNull(provenance)
            ? new Reason("", state, reader.GetString(reason), [])
            : JsonSerializer.Deserialize(reader.GetString(provenance), CrmJson.Default.Reason)
              ?? throw new FormatException($"empty provenance on a row of {reader.GetString(0)}");

    internal static string ProposalStatusName(ProposalStatus status) => status switch
    {
        ProposalStatus.Issued => "issued",
        ProposalStatus.Accepted => "accepted",
        ProposalStatus.Declined => "declined",
        ProposalStatus.Expired => "expired",
        _ => "withdrawn",
    };

    private static ProposalStatus ParseProposalStatus(string text) => text switch
    {
        "issued" => ProposalStatus.Issued,
        "accepted" => ProposalStatus.Accepted,
        "declined" => ProposalStatus.Declined,
        "expired" => ProposalStatus.Expired,
        "withdrawn" => ProposalStatus.Withdrawn,
        _ => throw new FormatException($"unknown proposal status '{text}'"),
    };

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        // The file is created and migrated by the gateway's own connection first: a read-only connection cannot.
        await ConnectionAsync(cancellationToken);
        return await SqliteFile.OpenAsync(_path, cancellationToken, readOnly: true);
    }
}
