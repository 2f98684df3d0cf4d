using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using CrmSuite.Connector.Sqlite;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>Turns the embedded CRM's rows into account records: one account with its licenses and usage per group of rows.</summary>
internal static class EmbeddedCrmRows
{
    /// <summary>The columns <see cref="ReadAccounts"/> expects, from accounts <c>a</c>, subscriptions <c>s</c> and usage <c>u</c>.</summary>
    public const string AccountColumns = """
        a.id, a.name, a.segment, a.industry, a.lifecycle_stage, a.csm_id, a.hourly_cost, a.modified_seq,
        s.id, s.product, s.tier, s.seats, s.seats_used, s.billing_period, s.term_months, s.start_date, s.renewal_date,
        s.mrr, s.currency, s.status, s.trial_tier, s.trial_end,
        u.as_of, u.active_users_30d, u.feature_adoption, u.health, u.health_change_30d, u.open_tickets, u.nps,
        u.seat_utilization_min_28d, u.usage_growth_30d, u.days_since_last_login
        """;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReadHistories(RawStatement reader, Dictionary<string, ContactHistory> histories)
    {
        histories.Clear();
        string? account = null;
        List<DateOnly> prompts = [];
        List<ContactTouch> tasks = [];
        DateOnly? declined = null;
        while (reader.Read())
        {
            var id = reader.GetString(0);
            if (id != account)
            {
                Flush();
                account = id;
                prompts = [];
                tasks = [];
                declined = null;
            }

            if (reader.GetInt64(6) == 1)
            {
                tasks.Add(ContactTouch.OfTask(SqliteText.ParseDate(reader.GetString(1)), reader.GetString(4), reader.GetString(5)));
                continue;
            }

            prompts.Add(SqliteText.ParseDate(reader.GetString(1)));
            if (reader.GetString(2) == "declined" && !reader.IsDBNull(3))
            {
                var on = SqliteText.ParseDate(reader.GetString(3));
                declined = declined is { } d && d > on ? d : on;
            }
        }

        Flush();

        void Flush()
        {
            if (account is not null)
            {
                histories[account] = new ContactHistory(prompts, declined) { Touches = tasks };
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReadAccounts(
        RawStatement reader,
        ImmutableArray<CrmAccountRecord>.Builder page,
        ImmutableArray<Subscription>.Builder subscriptions,
        Dictionary<string, ContactHistory> histories)
    {
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
                    reader.IsDBNull(6) ? null : SqliteText.ParseDecimal(reader.GetString(6)));
                version = reader.GetInt64(7);
                usage = reader.IsDBNull(22) ? null : new UsageSnapshot(
                    id,
                    SqliteText.ParseDate(reader.GetString(22)),
                    reader.GetInt32(23),
                    SqliteText.ParseDecimal(reader.GetString(24)),
                    reader.GetInt32(25),
                    reader.GetInt32(26),
                    reader.GetInt32(27),
                    reader.IsDBNull(28) ? null : reader.GetInt32(28),
                    SqliteText.ParseDecimal(reader.GetString(29)),
                    SqliteText.ParseDecimal(reader.GetString(30)),
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
                    SqliteText.ParseBilling(reader.GetString(13)),
                    reader.GetInt32(14),
                    SqliteText.ParseDate(reader.GetString(15)),
                    reader.IsDBNull(16) ? null : SqliteText.ParseDate(reader.GetString(16)),
                    SqliteText.ParseDecimal(reader.GetString(17)),
                    reader.GetString(18),
                    SqliteText.ParseStatus(reader.GetString(19)),
                    reader.IsDBNull(20) ? null : reader.GetString(20),
                    reader.IsDBNull(21) ? null : SqliteText.ParseDate(reader.GetString(21))));
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
