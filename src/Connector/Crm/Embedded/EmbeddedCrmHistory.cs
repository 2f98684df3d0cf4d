using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using CrmSuite.Connector.Sqlite;
using CrmSuite.PlaybookEngine.Accounts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>
/// The embedded CRM's history for a backtest, on a read-only connection of its own (no migration, no write: the file's
/// bytes stay as they were). Four cursors in account-id order — accounts with their licenses, usage history with seats in
/// use, license changes, completed tasks — merged one account at a time, so nothing but the current account is held.
/// </summary>
internal sealed class EmbeddedCrmHistory(IOptions<EmbeddedCrmOptions> options) : ICrmHistory
{
    private const string AccountsQuery = """
        SELECT a.id, a.name, a.segment, a.industry, a.lifecycle_stage, a.csm_id, a.hourly_cost,
            s.id, s.product, s.tier, s.seats, s.seats_used, s.billing_period, s.term_months, s.start_date, s.renewal_date,
            s.mrr, s.currency, s.status, s.trial_tier, s.trial_end
        FROM accounts a LEFT JOIN subscriptions s ON s.account_id = a.id
        ORDER BY a.id, s.id
        """;

    // The last row before the window counts too: it is the usage the account had on the window's first day.
    private const string UsageQuery = """
        SELECT u.account_id, u.as_of, u.active_users_30d, u.feature_adoption, u.health, u.health_change_30d, u.open_tickets, u.nps,
            u.seat_utilization_min_28d, u.usage_growth_30d, u.days_since_last_login, h.seats_used
        FROM usage_history u LEFT JOIN seat_use_history h ON h.account_id = u.account_id AND h.as_of = u.as_of
        WHERE u.as_of <= $through AND (u.as_of >= $from
            OR u.as_of = (SELECT MAX(p.as_of) FROM usage_history p WHERE p.account_id = u.account_id AND p.as_of < $from))
        ORDER BY u.account_id, u.as_of
        """;

    private const string ChangesQuery = """
        SELECT account_id, subscription_id, effective_on, from_tier, to_tier, from_seats, to_seats, mrr_before, renewal_before
        FROM license_changes WHERE effective_on >= $from ORDER BY account_id, effective_on, proposal_key
        """;

    private const string OutcomesQuery = """
        SELECT account_id, key, outcome, completed_at FROM tasks
        WHERE status = 'completed' AND outcome IS NOT NULL AND completed_at >= $from ORDER BY account_id
        """;

    public string Location => options.Value.Path;

    public async IAsyncEnumerable<CrmAccountTimeline> ReadTimelinesAsync(DateOnly from, DateOnly through, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!File.Exists(Location))
        {
            throw new CrmHistoryUnavailableException($"the embedded CRM {Location} does not exist; seed it (crmsuite demo seed) or import into it");
        }

        await using var connection = await SqliteFile.OpenAsync(Location, cancellationToken, readOnly: true);
        if (!HasTable(connection, "usage_history"))
        {
            throw new CrmHistoryUnavailableException(
                $"the embedded CRM {Location} predates usage history (no usage_history table); any writing verb (crmsuite sync --once) migrates it");
        }

        var (fromText, throughText) = (SqliteText.Date(from), SqliteText.Date(through));
        using var accounts = new RawStatement(connection, AccountsQuery);
        using var usage = new Cursor(connection, UsageQuery, ("$from", fromText), ("$through", throughText));
        using var changes = new Cursor(connection, ChangesQuery, ("$from", fromText));
        using var outcomes = new Cursor(connection, OutcomesQuery, ("$from", fromText));
        accounts.Query();
        var subscriptions = ImmutableArray.CreateBuilder<Subscription>();
        var usageRows = ImmutableArray.CreateBuilder<UsageHistoryRow>();
        var changeRows = ImmutableArray.CreateBuilder<LicenseChangeRow>();
        var outcomeRows = ImmutableArray.CreateBuilder<TaskOutcomeRow>();
        Account? account = null;
        while (true)
        {
            var more = accounts.Read();
            var id = more ? accounts.GetString(0) : null;
            if (account is not null && id != account.Id)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var key = account.Id;
                usage.Collect(key, r => usageRows.Add(UsageRow(r, key)));
                changes.Collect(key, r => changeRows.Add(ChangeRow(r)));
                outcomes.Collect(key, r => outcomeRows.Add(new TaskOutcomeRow(r.GetString(1), r.GetString(2),
                    DateOnly.FromDateTime(DateTimeOffset.Parse(r.GetString(3), System.Globalization.CultureInfo.InvariantCulture).UtcDateTime))));
                yield return new CrmAccountTimeline(account, subscriptions.DrainToImmutable(), usageRows.DrainToImmutable(), changeRows.DrainToImmutable(),
                    outcomeRows.DrainToImmutable());
                account = null;
            }

            if (!more)
            {
                yield break;
            }

            account ??= new Account(id!, accounts.GetString(1), accounts.GetString(2), accounts.GetString(3), accounts.GetString(4),
                accounts.IsDBNull(5) ? null : accounts.GetString(5), accounts.IsDBNull(6) ? null : SqliteText.ParseDecimal(accounts.GetString(6)));
            if (!accounts.IsDBNull(7))
            {
                subscriptions.Add(new Subscription(accounts.GetString(7), id!, accounts.GetString(8), accounts.GetString(9), accounts.GetInt32(10),
                    accounts.GetInt32(11), SqliteText.ParseBilling(accounts.GetString(12)), accounts.GetInt32(13), SqliteText.ParseDate(accounts.GetString(14)),
                    accounts.IsDBNull(15) ? null : SqliteText.ParseDate(accounts.GetString(15)), SqliteText.ParseDecimal(accounts.GetString(16)),
                    accounts.GetString(17), SqliteText.ParseStatus(accounts.GetString(18)), accounts.IsDBNull(19) ? null : accounts.GetString(19),
                    accounts.IsDBNull(20) ? null : SqliteText.ParseDate(accounts.GetString(20))));
            }
        }
    }

    private static UsageHistoryRow UsageRow(RawStatement r, string accountId) => new(
        new UsageSnapshot(accountId, SqliteText.ParseDate(r.GetString(1)), r.GetInt32(2), SqliteText.ParseDecimal(r.GetString(3)), r.GetInt32(4),
            r.GetInt32(5), r.GetInt32(6), r.IsDBNull(7) ? null : r.GetInt32(7), SqliteText.ParseDecimal(r.GetString(8)),
            SqliteText.ParseDecimal(r.GetString(9)), r.GetInt32(10)),
        r.IsDBNull(11) ? null : r.GetInt32(11));

    private static LicenseChangeRow ChangeRow(RawStatement r) => new(
        r.GetString(1), SqliteText.ParseDate(r.GetString(2)), r.GetString(3), r.GetString(4), r.GetInt32(5), r.GetInt32(6),
        SqliteText.ParseDecimal(r.GetString(7)), r.IsDBNull(8) ? null : SqliteText.ParseDate(r.GetString(8)));

    private static bool HasTable(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    // A query in account-id order read alongside the accounts: Collect takes the rows of one account and stops at the next.
    private sealed class Cursor : IDisposable
    {
        private readonly RawStatement _rows;
        private bool _pending;
        private bool _done;

        public Cursor(SqliteConnection connection, string sql, params (string Name, string Value)[] parameters)
        {
            _rows = new RawStatement(connection, sql, [.. parameters.Select(p => p.Name)]);
            _rows.Query([.. parameters.Select(p => (object?)p.Value)]);
        }

        public void Collect(string accountId, Action<RawStatement> take)
        {
            while (!_done)
            {
                if (!_pending && !(_pending = _rows.Read()))
                {
                    _done = true;
                    return;
                }

                var order = string.CompareOrdinal(_rows.GetString(0), accountId);
                if (order > 0)
                {
                    return;
                }

                if (order == 0)
                {
                    take(_rows);
                }

                _pending = false;
            }
        }

        public void Dispose() => _rows.Dispose();
    }
}
