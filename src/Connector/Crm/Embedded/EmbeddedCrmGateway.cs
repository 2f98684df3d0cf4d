using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Sqlite;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>
/// The embedded CRM: a SQLite file with accounts, subscriptions, usage, users, tasks, proposals and playbook stages,
/// behind every side of the CRM port. The watermark is a row version (<c>modified_seq</c>, shared by live accounts and
/// the tombstones of deleted ones) as decimal text. One connection for reads, events and loads, used by one caller at a
/// time, and a second one for <see cref="UpsertAsync"/>, so a sync can deliver one page's writes while it reads the next
/// pages (WAL); the work queue reads on short-lived read-only connections of its own.
/// </summary>
internal sealed partial class EmbeddedCrmGateway(IOptions<EmbeddedCrmOptions> options, TimeProvider time)
    : ICrmAccounts, ICrmWriter, ICrmTaskEvents, ICrmProposals, ICrmLicenses, ICrmWorkQueue, ICrmUpgradeStatus, ICrmDataLoader, IAsyncDisposable
{
    // One read of changes sees row versions up to the highest at its start: an account changed during the read takes a
    // higher one and is left to the next read, so no account appears twice in one read and none is lost.
    private const string UpperBoundQuery = """
        SELECT MAX(v) FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT COALESCE(MAX(modified_seq), 0) FROM deleted_accounts)
        """;

    // Each walks its table's row-version index; the page is the smallest row versions of the two, merged in code (a
    // UNION ALL under ORDER BY would sort every row left to read, page after page).
    private const string ChangedQuery = "SELECT modified_seq FROM accounts WHERE modified_seq > $since AND modified_seq <= $upper ORDER BY modified_seq LIMIT $limit";

    private const string DeletedQuery = "SELECT id, modified_seq FROM deleted_accounts WHERE modified_seq > $since AND modified_seq <= $upper ORDER BY modified_seq LIMIT $limit";

    private const string PageQuery = $"""
        SELECT {EmbeddedCrmRows.AccountColumns}
        FROM (SELECT * FROM accounts WHERE modified_seq > $since AND modified_seq <= $through) a
        LEFT JOIN subscriptions s ON s.account_id = a.id
        LEFT JOIN usage u ON u.account_id = a.id
        ORDER BY a.modified_seq, s.id
        """;

    // The account's proposals, then the tasks opened (for the contact policy's upgrade_task touches; the runtime keeps those
    // whose playbook state opens an upgrade task): kind 0 a proposal, 1 a task.
    private const string HistoryQuery = """
        SELECT p.account_id, p.issued_on, p.status, p.answered_on, NULL, NULL, 0
        FROM proposals p
        WHERE p.account_id IN (SELECT id FROM accounts WHERE modified_seq > $since AND modified_seq <= $through)
        UNION ALL
        SELECT t.account_id, substr(t.created_at, 1, 10), t.status, NULL, t.playbook_id, t.state, 1
        FROM tasks t
        WHERE t.account_id IN (SELECT id FROM accounts WHERE modified_seq > $since AND modified_seq <= $through)
        ORDER BY 1, 2
        """;

    private const string AccountsByIdQuery = $"""
        SELECT {EmbeddedCrmRows.AccountColumns}
        FROM (SELECT * FROM accounts WHERE id IN (SELECT value FROM json_each($ids))) a
        LEFT JOIN subscriptions s ON s.account_id = a.id
        LEFT JOIN usage u ON u.account_id = a.id
        ORDER BY a.id, s.id
        """;

    private const string HistoriesByIdQuery = """
        SELECT p.account_id, p.issued_on, p.status, p.answered_on, NULL, NULL, 0
        FROM proposals p
        WHERE p.account_id IN (SELECT value FROM json_each($ids))
        UNION ALL
        SELECT t.account_id, substr(t.created_at, 1, 10), t.status, NULL, t.playbook_id, t.state, 1
        FROM tasks t
        WHERE t.account_id IN (SELECT value FROM json_each($ids))
        ORDER BY 1, 2
        """;

    private readonly string _path = options.Value.Path;
    private SqliteConnection? _connection;
    private SqliteConnection? _writer;

    // Checkpoints the WAL beside the writer, as the state store does, so a delivery's commit does not copy the log.
    private WalCheckpointer? _checkpointer;

    /// <summary>The SQLite file.</summary>
    public string Location => _path;

    public async IAsyncEnumerable<CrmPage> ReadChangedAccountsAsync(
        string? watermark, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var connection = await ConnectionAsync(cancellationToken);
        var since = ParseWatermark(watermark);
        long upper;
        await using (var bound = connection.CreateCommand())
        {
            bound.CommandText = UpperBoundQuery;
            upper = Convert.ToInt64(await bound.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        await using var changed = SqliteFile.Prepare(connection, ChangedQuery, "$since", "$upper", "$limit");
        await using var deletions = SqliteFile.Prepare(connection, DeletedQuery, "$since", "$upper", "$limit");
        using var page = new RawStatement(connection, PageQuery, "$since", "$through");
        using var history = new RawStatement(connection, HistoryQuery, "$since", "$through");
        foreach (var command in (SqliteCommand[])[changed, deletions])
        {
            command.Parameters[1].Value = upper;
            command.Parameters[2].Value = pageSize;
        }

        var versions = new List<long>(pageSize);
        var tombstones = new List<(string Id, long Version)>();
        var builder = ImmutableArray.CreateBuilder<CrmAccountRecord>(pageSize);
        var deleted = ImmutableArray.CreateBuilder<string>();
        var subscriptions = ImmutableArray.CreateBuilder<Subscription>();
        var histories = new Dictionary<string, ContactHistory>(StringComparer.Ordinal);
        while (since < upper)
        {
            cancellationToken.ThrowIfCancellationRequested();
            changed.Parameters[0].Value = since;
            deletions.Parameters[0].Value = since;
            var (through, count) = NextPage(changed, deletions, pageSize, versions, tombstones, deleted);
            if (count == 0)
            {
                yield break;
            }

            page.Query(since, through);
            history.Query(since, through);
            EmbeddedCrmRows.ReadHistories(history, histories);
            builder.Clear();
            EmbeddedCrmRows.ReadAccounts(page, builder, subscriptions, histories);
            since = through;
            yield return new CrmPage(builder.ToImmutable(), deleted.DrainToImmutable(), through.ToString(CultureInfo.InvariantCulture));
            if (count < pageSize)
            {
                yield break;
            }
        }
    }

    public async Task<long?> CountChangedAccountsAsync(string? watermark, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM accounts WHERE modified_seq > $since) + (SELECT COUNT(*) FROM deleted_accounts WHERE modified_seq > $since)
            """;
        command.Parameters.AddWithValue("$since", ParseWatermark(watermark));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<CrmAccountRecord>> ReadAccountsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        ReadAccounts(await ConnectionAsync(cancellationToken), ids, cancellationToken);

    public async IAsyncEnumerable<CrmUser> ReadUsersAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, email, role FROM users ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new CrmUser(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }

        if (_writer is not null)
        {
            await _writer.DisposeAsync();
            _writer = null;
        }

        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync();
            _checkpointer = null;
        }
    }

    private async Task<SqliteConnection> ConnectionAsync(CancellationToken cancellationToken) =>
        _connection ??= await EmbeddedCrmSchema.OpenAsync(_path, time, cancellationToken);

    private static IReadOnlyList<CrmAccountRecord> ReadAccounts(SqliteConnection connection, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (ids.Count == 0)
        {
            return [];
        }

        var json = System.Text.Json.JsonSerializer.Serialize(ids, SqliteJson.Default.IReadOnlyListString);
        using var history = new RawStatement(connection, HistoriesByIdQuery, "$ids");
        using var page = new RawStatement(connection, AccountsByIdQuery, "$ids");
        history.Query(json);
        page.Query(json);
        var histories = new Dictionary<string, ContactHistory>(StringComparer.Ordinal);
        EmbeddedCrmRows.ReadHistories(history, histories);
        var records = ImmutableArray.CreateBuilder<CrmAccountRecord>(ids.Count);
        EmbeddedCrmRows.ReadAccounts(page, records, ImmutableArray.CreateBuilder<Subscription>(), histories);
        return records.ToImmutable();
    }

    // The next page: the smallest row versions among changed accounts and tombstones, at most pageSize of them. The
    // deleted ids in it go to the builder; returns the page's last row version and how many changes it holds.
    private static (long Through, int Count) NextPage(
        SqliteCommand changed,
        SqliteCommand deletions,
        int pageSize,
        List<long> versions,
        List<(string Id, long Version)> tombstones,
        ImmutableArray<string>.Builder deleted)
    {
        versions.Clear();
        tombstones.Clear();
        using (var reader = changed.ExecuteReader())
        {
            while (reader.Read())
            {
                versions.Add(reader.GetInt64(0));
            }
        }

        using (var reader = deletions.ExecuteReader())
        {
            while (reader.Read())
            {
                tombstones.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        int a = 0, d = 0;
        long through = 0;
        while (a + d < pageSize && (a < versions.Count || d < tombstones.Count))
        {
            if (d == tombstones.Count || (a < versions.Count && versions[a] < tombstones[d].Version))
            {
                through = versions[a++];
            }
            else
            {
                deleted.Add(tombstones[d].Id);
                through = tombstones[d++].Version;
            }
        }

        return (through, a + d);
    }

    private static long ParseWatermark(string? watermark) =>
        watermark is null ? 0
        : long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new FormatException($"'{watermark}' is not a watermark of the embedded CRM (a row version, digits only).");
}
