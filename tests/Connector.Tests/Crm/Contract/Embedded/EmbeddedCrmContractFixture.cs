using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Tests.Crm.Contract.Embedded;

/// <summary>
/// The embedded CRM under the contract: a real SQLite file in a temp folder of the test's own. Seeding goes through the
/// port's <see cref="ICrmDataLoader"/>; the changes a CRM user would make (rename an account, change or move a license,
/// delete an account) are plain SQL on the same file, as the web UI or a DB tool would make them.
/// </summary>
public sealed class EmbeddedCrmContractFixture : CrmContractFixture
{
    private readonly TempFolder? _folder;
    private readonly string _path;
    private readonly EmbeddedCrmGateway _crm;
    private int _touches;

    public EmbeddedCrmContractFixture()
        : this(new TempFolder(), null, null)
    {
    }

    private EmbeddedCrmContractFixture(TempFolder? folder, string? path, FakeTimeProvider? clock)
        : base(clock)
    {
        _folder = folder;
        _path = path ?? folder!.File("crm.db");
        _crm = new EmbeddedCrmGateway(Options.Create(new EmbeddedCrmOptions { Path = _path }), Clock);
    }

    internal override ICrmAccounts Accounts => _crm;

    internal override ICrmWriter Writer => _crm;

    internal override ICrmTaskEvents TaskEvents => _crm;

    internal override ICrmWorkQueue WorkQueue => _crm;

    internal override ICrmProposals Proposals => _crm;

    internal override ICrmLicenses Licenses => _crm;

    internal override ICrmUpgradeStatus UpgradeStatus => _crm;

    internal override async Task SeedAsync(IReadOnlyCollection<SeedAccount> accounts, IReadOnlyCollection<CrmUser> users)
    {
        ICrmDataLoader loader = _crm;
        await using var load = await loader.BeginLoadAsync(replace: false, CancellationToken.None);
        foreach (var user in users)
        {
            load.WriteUser(user);
        }

        foreach (var seed in accounts)
        {
            foreach (var subscription in seed.Subscriptions)
            {
                load.WriteSubscription(subscription);
            }

            if (seed.Usage is { } usage)
            {
                load.WriteUsage(usage);
            }

            load.WriteAccount(seed.Account);
        }

        await load.CommitAsync(CancellationToken.None);
    }

    internal override async Task<Account> TouchAccountAsync(string accountId)
    {
        var name = $"Account {accountId} (edit {++_touches})";
        await ExecuteAsync("UPDATE accounts SET name = $name WHERE id = $id", ("$name", name), ("$id", accountId));
        var record = (await _crm.ReadAccountsAsync([accountId], CancellationToken.None)).Single();
        return record.Account;
    }

    internal override Task UpsertSubscriptionAsync(Subscription s) =>
        ExecuteAsync(
            """
            INSERT INTO subscriptions (id, account_id, product, tier, seats, seats_used, billing_period, term_months, start_date,
                renewal_date, mrr, currency, status, trial_tier, trial_end)
            VALUES ($id, $account, $product, $tier, $seats, $used, $billing, $term, $start, $renewal, $mrr, $currency, $status, $trial_tier, $trial_end)
            ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, product = excluded.product, tier = excluded.tier,
                seats = excluded.seats, seats_used = excluded.seats_used, billing_period = excluded.billing_period,
                term_months = excluded.term_months, start_date = excluded.start_date, renewal_date = excluded.renewal_date,
                mrr = excluded.mrr, currency = excluded.currency, status = excluded.status, trial_tier = excluded.trial_tier,
                trial_end = excluded.trial_end
            """,
            ("$id", s.Id),
            ("$account", s.AccountId),
            ("$product", s.Product),
            ("$tier", s.Tier),
            ("$seats", s.Seats),
            ("$used", s.SeatsUsed),
            ("$billing", s.BillingPeriod == BillingPeriod.Annual ? "annual" : "monthly"),
            ("$term", s.TermMonths),
            ("$start", Date(s.StartDate)),
            ("$renewal", Date(s.RenewalDate)),
            ("$mrr", s.Mrr.ToString(CultureInfo.InvariantCulture)),
            ("$currency", s.Currency),
            ("$status", s.Status.ToString().ToLowerInvariant()),
            ("$trial_tier", s.TrialTier),
            ("$trial_end", Date(s.TrialEnd)));

    internal override Task UpsertUsageAsync(UsageSnapshot u) =>
        ExecuteAsync(
            """
            INSERT INTO usage (account_id, as_of, active_users_30d, feature_adoption, health, health_change_30d, open_tickets, nps,
                seat_utilization_min_28d, usage_growth_30d, days_since_last_login)
            VALUES ($account, $as_of, $active, $adoption, $health, $health_change, $tickets, $nps, $util_min, $growth, $last_login)
            ON CONFLICT (account_id) DO UPDATE SET as_of = excluded.as_of, active_users_30d = excluded.active_users_30d,
                feature_adoption = excluded.feature_adoption, health = excluded.health, health_change_30d = excluded.health_change_30d,
                open_tickets = excluded.open_tickets, nps = excluded.nps, seat_utilization_min_28d = excluded.seat_utilization_min_28d,
                usage_growth_30d = excluded.usage_growth_30d, days_since_last_login = excluded.days_since_last_login
            """,
            ("$account", u.AccountId),
            ("$as_of", Date(u.AsOf)),
            ("$active", u.ActiveUsers30d),
            ("$adoption", u.FeatureAdoption.ToString(CultureInfo.InvariantCulture)),
            ("$health", u.Health),
            ("$health_change", u.HealthChange30d),
            ("$tickets", u.OpenTickets),
            ("$nps", u.Nps),
            ("$util_min", u.SeatUtilizationMin28d.ToString(CultureInfo.InvariantCulture)),
            ("$growth", u.UsageGrowth30d.ToString(CultureInfo.InvariantCulture)),
            ("$last_login", u.DaysSinceLastLogin));

    internal override Task MoveSubscriptionAsync(string subscriptionId, string toAccountId) =>
        ExecuteAsync("UPDATE subscriptions SET account_id = $to WHERE id = $id", ("$to", toAccountId), ("$id", subscriptionId));

    internal override Task DeleteAccountAsync(string accountId) =>
        ExecuteAsync(
            """
            DELETE FROM usage WHERE account_id = $id;
            DELETE FROM subscriptions WHERE account_id = $id;
            DELETE FROM accounts WHERE id = $id;
            """,
            ("$id", accountId));

    internal override async Task<StoredStage?> ReadStageAsync(string accountId, string playbookId)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, stage, step FROM playbook_stages WHERE account_id = $account AND playbook_id = $playbook";
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$playbook", playbookId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new StoredStage(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)) : null;
    }

    internal override Task<CrmContractFixture> ReopenAsync() =>
        Task.FromResult<CrmContractFixture>(new EmbeddedCrmContractFixture(null, _path, Clock));

    public override async ValueTask DisposeAsync()
    {
        await _crm.DisposeAsync();
        _folder?.Dispose();
    }

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<SqliteConnection> OpenAsync()
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false, DefaultTimeout = 30, Mode = SqliteOpenMode.ReadWrite };
        var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        // The adapter creates the schema on first use; make sure it exists before writing around it.
        await _crm.CountChangedAccountsAsync(null, CancellationToken.None);
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
