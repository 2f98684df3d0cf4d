using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>
/// Bulk writes of accounts, licenses, usage and users into the embedded CRM inside one transaction, with prepared
/// commands reused for every row. Write an account's subscriptions and usage first, then the account: the account row
/// takes the next row version last, so the incremental sync sees the account once, complete.
/// </summary>
internal sealed class EmbeddedCrmLoad : ICrmLoad
{
    private readonly SqliteTransaction _transaction;
    private readonly RawStatement _account;
    private readonly RawStatement _subscription;
    private readonly RawStatement _usage;
    private readonly RawStatement _user;
    private readonly RawStatement _usageHistory;
    private readonly RawStatement _seatHistory;
    private readonly SqliteConnection _connection;
    private EmbeddedCrmHistoryLoad? _history;
    private bool _committed;

    private EmbeddedCrmLoad(SqliteConnection connection, SqliteTransaction transaction)
    {
        _transaction = transaction;
        _connection = connection;
        _account = Prepare(connection, $"""
            INSERT INTO accounts (id, name, segment, industry, lifecycle_stage, csm_id, hourly_cost, modified_seq)
            VALUES ($id, $name, $segment, $industry, $stage, $csm, $hourly, {EmbeddedCrmSchema.NextRowVersion})
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, segment = excluded.segment, industry = excluded.industry,
                lifecycle_stage = excluded.lifecycle_stage, csm_id = excluded.csm_id, hourly_cost = excluded.hourly_cost,
                modified_seq = excluded.modified_seq
            """, "$id", "$name", "$segment", "$industry", "$stage", "$csm", "$hourly");
        _subscription = Prepare(connection, """
            INSERT INTO subscriptions (id, account_id, product, tier, seats, seats_used, billing_period, term_months, start_date,
                renewal_date, mrr, currency, status, trial_tier, trial_end)
            VALUES ($id, $account, $product, $tier, $seats, $used, $billing, $term, $start, $renewal, $mrr, $currency, $status, $trial_tier, $trial_end)
            ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, product = excluded.product, tier = excluded.tier,
                seats = excluded.seats, seats_used = excluded.seats_used, billing_period = excluded.billing_period,
                term_months = excluded.term_months, start_date = excluded.start_date, renewal_date = excluded.renewal_date,
                mrr = excluded.mrr, currency = excluded.currency, status = excluded.status, trial_tier = excluded.trial_tier,
                trial_end = excluded.trial_end
            """, "$id", "$account", "$product", "$tier", "$seats", "$used", "$billing", "$term", "$start", "$renewal", "$mrr", "$currency",
            "$status", "$trial_tier", "$trial_end");
        _usage = Prepare(connection, """
            INSERT INTO usage (account_id, as_of, active_users_30d, feature_adoption, health, health_change_30d, open_tickets, nps,
                seat_utilization_min_28d, usage_growth_30d, days_since_last_login)
            VALUES ($account, $as_of, $active, $adoption, $health, $health_change, $tickets, $nps, $util_min, $growth, $last_login)
            ON CONFLICT (account_id) DO UPDATE SET as_of = excluded.as_of, active_users_30d = excluded.active_users_30d,
                feature_adoption = excluded.feature_adoption, health = excluded.health, health_change_30d = excluded.health_change_30d,
                open_tickets = excluded.open_tickets, nps = excluded.nps, seat_utilization_min_28d = excluded.seat_utilization_min_28d,
                usage_growth_30d = excluded.usage_growth_30d, days_since_last_login = excluded.days_since_last_login
            """, "$account", "$as_of", "$active", "$adoption", "$health", "$health_change", "$tickets", "$nps", "$util_min", "$growth", "$last_login");
        _usageHistory = Prepare(connection, """
            INSERT INTO usage_history (account_id, as_of, active_users_30d, feature_adoption, health, health_change_30d, open_tickets, nps,
                seat_utilization_min_28d, usage_growth_30d, days_since_last_login)
            VALUES ($account, $as_of, $active, $adoption, $health, $health_change, $tickets, $nps, $util_min, $growth, $last_login)
            ON CONFLICT (account_id, as_of) DO UPDATE SET active_users_30d = excluded.active_users_30d,
                feature_adoption = excluded.feature_adoption, health = excluded.health, health_change_30d = excluded.health_change_30d,
                open_tickets = excluded.open_tickets, nps = excluded.nps, seat_utilization_min_28d = excluded.seat_utilization_min_28d,
                usage_growth_30d = excluded.usage_growth_30d, days_since_last_login = excluded.days_since_last_login
            """, "$account", "$as_of", "$active", "$adoption", "$health", "$health_change", "$tickets", "$nps", "$util_min", "$growth", "$last_login");
        _seatHistory = Prepare(connection, """
            INSERT INTO seat_use_history (account_id, as_of, seats_used) VALUES ($account, $as_of, $used)
            ON CONFLICT (account_id, as_of) DO UPDATE SET seats_used = excluded.seats_used
            """, "$account", "$as_of", "$used");
        _user = Prepare(connection, """
            INSERT INTO users (id, name, email, role) VALUES ($id, $name, $email, $role)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, role = excluded.role
            """, "$id", "$name", "$email", "$role");

        static RawStatement Prepare(SqliteConnection c, string sql, params string[] names) => new(c, sql, names);
    }

    public static async Task<EmbeddedCrmLoad> BeginAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        return new EmbeddedCrmLoad(connection, transaction);
    }

    /// <summary>
    /// Removes every account, license, usage row, usage history row, user, task, task event, proposal, proposal event, license change, stage and
    /// tombstone, keeping the row-version floor at the
    /// highest version handed out so far.
    /// </summary>
    public void Clear()
    {
        using var command = _transaction.Connection!.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = """
            INSERT INTO crm_meta (name, value) VALUES ('row_version_floor',
                (SELECT MAX(v) FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT COALESCE(MAX(modified_seq), 0) FROM deleted_accounts)))
            ON CONFLICT (name) DO UPDATE SET value = MAX(value, excluded.value);
            DELETE FROM accounts;
            DELETE FROM subscriptions;
            DELETE FROM usage;
            DELETE FROM usage_history;
            DELETE FROM seat_use_history;
            DELETE FROM users;
            DELETE FROM tasks;
            DELETE FROM proposals;
            DELETE FROM playbook_stages;
            DELETE FROM task_events;
            DELETE FROM proposal_events;
            DELETE FROM license_changes;
            DELETE FROM license_change_lines;
            DELETE FROM deleted_accounts;
            """;
        command.ExecuteNonQuery();
    }

    public void WriteUser(CrmUser user) =>
        Run(_user, user.Id, user.Name, user.Email, user.Role);

    public void WriteSubscription(Subscription s) =>
        Run(
            _subscription,
            s.Id,
            s.AccountId,
            s.Product,
            s.Tier,
            s.Seats,
            s.SeatsUsed,
            SqliteText.Billing(s.BillingPeriod),
            s.TermMonths,
            SqliteText.Date(s.StartDate),
            SqliteText.Date(s.RenewalDate),
            SqliteText.Decimal(s.Mrr),
            s.Currency,
            SqliteText.Status(s.Status),
            s.TrialTier,
            SqliteText.Date(s.TrialEnd));

    public void WriteUsage(UsageSnapshot u) => WriteUsageRow(_usage, u);

    public void WriteUsageHistory(UsageSnapshot usage, int? seatsUsed)
    {
        WriteUsageRow(_usageHistory, usage);
        if (seatsUsed is { } used)
        {
            Run(_seatHistory, usage.AccountId, SqliteText.Date(usage.AsOf), used);
        }
    }

    private static void WriteUsageRow(RawStatement statement, UsageSnapshot u) =>
        Run(
            statement,
            u.AccountId,
            SqliteText.Date(u.AsOf),
            u.ActiveUsers30d,
            SqliteText.Decimal(u.FeatureAdoption),
            u.Health,
            u.HealthChange30d,
            u.OpenTickets,
            u.Nps,
            SqliteText.Decimal(u.SeatUtilizationMin28d),
            SqliteText.Decimal(u.UsageGrowth30d),
            u.DaysSinceLastLogin);

    /// <summary>Writes the account row and gives it the next row version; call after its subscriptions and usage.</summary>
    public void WriteAccount(Account a) =>
        Run(_account, a.Id, a.Name, a.Segment, a.Industry, a.LifecycleStage, a.CsmId, a.HourlyCost is { } h ? SqliteText.Decimal(h) : null);

    public CrmEventIds WriteHistory(CrmAccountHistory history) => (_history ??= new EmbeddedCrmHistoryLoad(_connection)).Write(history);

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await _transaction.CommitAsync(cancellationToken);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            await _transaction.RollbackAsync();
        }

        _account.Dispose();
        _subscription.Dispose();
        _usage.Dispose();
        _user.Dispose();
        _usageHistory.Dispose();
        _seatHistory.Dispose();
        _history?.Dispose();
        await _transaction.DisposeAsync();
    }

    private static void Run(RawStatement statement, params ReadOnlySpan<object?> values) => statement.Execute(values);
}
