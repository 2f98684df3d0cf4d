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
/// The embedded CRM: a SQLite file with accounts, subscriptions, usage, users, tasks, proposals and playbook stages.
/// The watermark is the accounts' <c>modified_seq</c> row version, as decimal text. One connection for reads and
/// imports, used by one caller at a time, and a second one for <see cref="UpsertAsync"/>, so a sync can deliver one page's
/// writes while it reads the next pages (WAL).
/// </summary>
internal sealed partial class EmbeddedCrmGateway(IOptions<EmbeddedCrmOptions> options) : ICrmGateway, IAsyncDisposable
{
    private const string PageAccounts = "SELECT id, modified_seq FROM accounts WHERE modified_seq > $since ORDER BY modified_seq LIMIT $limit";

    private const string PageQuery = $"""
        SELECT a.id, a.name, a.segment, a.industry, a.lifecycle_stage, a.csm_id, a.hourly_cost, a.modified_seq,
               s.id, s.product, s.tier, s.seats, s.seats_used, s.billing_period, s.term_months, s.start_date, s.renewal_date,
               s.mrr, s.currency, s.status, s.trial_tier, s.trial_end,
               u.as_of, u.active_users_30d, u.feature_adoption, u.health, u.health_change_30d, u.open_tickets, u.nps,
               u.seat_utilization_min_28d, u.usage_growth_30d, u.days_since_last_login
        FROM (SELECT * FROM accounts WHERE modified_seq > $since ORDER BY modified_seq LIMIT $limit) a
        LEFT JOIN subscriptions s ON s.account_id = a.id
        LEFT JOIN usage u ON u.account_id = a.id
        ORDER BY a.modified_seq, s.id
        """;

    private const string HistoryQuery = $"""
        SELECT p.account_id, p.issued_on, p.status, p.answered_on
        FROM proposals p
        WHERE p.account_id IN (SELECT id FROM ({PageAccounts}))
        ORDER BY p.account_id, p.issued_on
        """;

    private readonly string _path = options.Value.Path;
    private SqliteConnection? _connection;
    private SqliteConnection? _writer;

    public string Path => _path;

    public async Task<SqliteConnection> ConnectionAsync(CancellationToken cancellationToken) =>
        _connection ??= await EmbeddedCrmSchema.OpenAsync(_path, cancellationToken);

    public async IAsyncEnumerable<CrmPage> ReadChangedAccountsAsync(
        string? watermark, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var connection = await ConnectionAsync(cancellationToken);
        var since = ParseWatermark(watermark);
        await using var page = SqliteFile.Prepare(connection, PageQuery, "$since", "$limit");
        await using var history = SqliteFile.Prepare(connection, HistoryQuery, "$since", "$limit");
        page.Parameters[1].Value = pageSize;
        history.Parameters[1].Value = pageSize;
        var builder = ImmutableArray.CreateBuilder<CrmAccountRecord>(pageSize);
        var subscriptions = ImmutableArray.CreateBuilder<Subscription>();
        var histories = new Dictionary<string, ContactHistory>(StringComparer.Ordinal);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            page.Parameters[0].Value = since;
            history.Parameters[0].Value = since;
            ReadHistories(history, histories);
            builder.Clear();
            ReadPage(page, builder, subscriptions, histories);
            if (builder.Count == 0)
            {
                yield break;
            }

            since = builder[^1].RowVersion;
            var full = builder.Count == pageSize;
            yield return new CrmPage(builder.ToImmutable(), since.ToString(CultureInfo.InvariantCulture));
            if (!full)
            {
                yield break;
            }
        }
    }

    public async Task<long?> CountChangedAccountsAsync(string? watermark, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM accounts WHERE modified_seq > $since";
        command.Parameters.AddWithValue("$since", ParseWatermark(watermark));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

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

    public async Task UpsertAsync(CrmWriteBatch batch, CancellationToken cancellationToken)
    {
        var connection = _writer ??= await EmbeddedCrmSchema.OpenAsync(_path, cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        Write(connection, batch);
        await transaction.CommitAsync(cancellationToken);
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
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Write(SqliteConnection connection, CrmWriteBatch batch)
    {
        using (var task = new RawStatement(connection, """
            INSERT INTO tasks (key, account_id, owner_id, playbook_id, playbook_version, state, subject, due, owner_role, priority,
                outcomes, reason, created_at)
            VALUES ($key, $account, (SELECT csm_id FROM accounts WHERE id = $account), $playbook, $version, $state, $subject, $due,
                $role, $priority, $outcomes, $reason, $created)
            ON CONFLICT (key) DO NOTHING
            """, "$key", "$account", "$playbook", "$version", "$state", "$subject", "$due", "$role", "$priority", "$outcomes", "$reason", "$created"))
        {
            foreach (var t in batch.Tasks)
            {
                Run(task, t.Key, t.AccountId, t.PlaybookId, t.PlaybookVersion, t.State, t.Subject, CrmText.Date(t.Due), t.OwnerRole,
                    t.Priority, string.Join('|', t.Outcomes), t.Reason, CrmText.Timestamp(t.CreatedAt));
            }
        }

        using (var proposal = new RawStatement(connection, """
            INSERT INTO proposals (key, account_id, playbook_id, playbook_version, state, offer_id, issued_on, expires_on, reason)
            VALUES ($key, $account, $playbook, $version, $state, $offer, $issued, $expires, $reason)
            ON CONFLICT (key) DO NOTHING
            """, "$key", "$account", "$playbook", "$version", "$state", "$offer", "$issued", "$expires", "$reason"))
        {
            foreach (var p in batch.Proposals)
            {
                Run(proposal, p.Key, p.AccountId, p.PlaybookId, p.PlaybookVersion, p.State, p.OfferId, CrmText.Date(p.IssuedOn),
                    CrmText.Date(p.ExpiresOn), p.Reason);
            }
        }

        using (var stage = new RawStatement(connection, """
            INSERT INTO playbook_stages (account_id, playbook_id, key, playbook_version, stage, step, entered_at, reason)
            VALUES ($account, $playbook, $key, $version, $stage, $step, $entered, $reason)
            ON CONFLICT (account_id, playbook_id) DO UPDATE SET key = excluded.key, playbook_version = excluded.playbook_version,
                stage = excluded.stage, step = excluded.step, entered_at = excluded.entered_at, reason = excluded.reason
            WHERE excluded.step > playbook_stages.step
            """, "$account", "$playbook", "$key", "$version", "$stage", "$step", "$entered", "$reason"))
        {
            foreach (var s in batch.Stages)
            {
                Run(stage, s.AccountId, s.PlaybookId, s.Key, s.PlaybookVersion, s.Stage, s.Step, CrmText.Timestamp(s.EnteredAt), s.Reason);
            }
        }
    }

    private static long ParseWatermark(string? watermark) =>
        watermark is null ? 0 : long.Parse(watermark, NumberStyles.None, CultureInfo.InvariantCulture);

    private static void Run(RawStatement statement, params ReadOnlySpan<object?> values) => statement.Execute(values);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ReadHistories(SqliteCommand command, Dictionary<string, ContactHistory> histories)
    {
        histories.Clear();
        using var reader = command.ExecuteReader();
        string? account = null;
        List<DateOnly> prompts = [];
        DateOnly? declined = null;
        while (reader.Read())
        {
            var id = reader.GetString(0);
            if (id != account)
            {
                Flush();
                account = id;
                prompts = [];
                declined = null;
            }

            prompts.Add(CrmText.ParseDate(reader.GetString(1)));
            if (reader.GetString(2) == "declined" && !reader.IsDBNull(3))
            {
                var on = CrmText.ParseDate(reader.GetString(3));
                declined = declined is { } d && d > on ? d : on;
            }
        }

        Flush();

        void Flush()
        {
            if (account is not null)
            {
                histories[account] = new ContactHistory(prompts, declined);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ReadPage(
        SqliteCommand command,
        ImmutableArray<CrmAccountRecord>.Builder page,
        ImmutableArray<Subscription>.Builder subscriptions,
        Dictionary<string, ContactHistory> histories)
    {
        using var reader = command.ExecuteReader();
        Account? account = null;
        UsageSnapshot? usage = null;
        long version = 0;
        while (reader.Read())
        {
            var id = reader.GetString(0);
            if (account is null || id != account.Id)
            {
                Flush();
                account = new Account(
                    id,
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : CrmText.ParseDecimal(reader.GetString(6)));
                version = reader.GetInt64(7);
                usage = reader.IsDBNull(22) ? null : new UsageSnapshot(
                    id,
                    CrmText.ParseDate(reader.GetString(22)),
                    reader.GetInt32(23),
                    CrmText.ParseDecimal(reader.GetString(24)),
                    reader.GetInt32(25),
                    reader.GetInt32(26),
                    reader.GetInt32(27),
                    reader.IsDBNull(28) ? null : reader.GetInt32(28),
                    CrmText.ParseDecimal(reader.GetString(29)),
                    CrmText.ParseDecimal(reader.GetString(30)),
                    reader.GetInt32(31));
            }

            if (!reader.IsDBNull(8))
            {
                subscriptions.Add(new Subscription(
                    reader.GetString(8),
                    id,
                    reader.GetString(9),
                    reader.GetString(10),
                    reader.GetInt32(11),
                    reader.GetInt32(12),
                    CrmText.ParseBilling(reader.GetString(13)),
                    reader.GetInt32(14),
                    CrmText.ParseDate(reader.GetString(15)),
                    reader.IsDBNull(16) ? null : CrmText.ParseDate(reader.GetString(16)),
                    CrmText.ParseDecimal(reader.GetString(17)),
                    reader.GetString(18),
                    CrmText.ParseStatus(reader.GetString(19)),
                    reader.IsDBNull(20) ? null : reader.GetString(20),
                    reader.IsDBNull(21) ? null : CrmText.ParseDate(reader.GetString(21))));
            }
        }

        Flush();

        void Flush()
        {
            if (account is null)
            {
                return;
            }

            var history = histories.TryGetValue(account.Id, out var h) ? h : ContactHistory.None;
            page.Add(new CrmAccountRecord(account, subscriptions.DrainToImmutable(), usage, history, version));
        }
    }
}
