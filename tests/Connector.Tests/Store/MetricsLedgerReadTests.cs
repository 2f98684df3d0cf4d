using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Metrics;
using CrmSuite.Connector.Sqlite;
using CrmSuite.Connector.Store.Sqlite;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Tests.Store;

/// <summary>The ledger read behind every metrics report: bytes parsed in place must give what the text parse gave.</summary>
public sealed class MetricsLedgerReadTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("0")]
    [InlineData("290")]
    [InlineData("1234.50")]
    [InlineData("-160.25")]
    [InlineData("0.00")]
    [InlineData("007.10")]
    [InlineData(".5")]
    [InlineData("12.")]
    [InlineData("123456789012345678")]
    [InlineData("1234567890123456789.5")]
    [InlineData("-0")]
    [InlineData("-0.00")]
    [InlineData(" 12 ")]
    [InlineData("1,000.5")]
    public void An_amount_read_from_bytes_has_the_value_and_scale_the_text_parse_gives(string text)
    {
        var expected = SqliteText.ParseDecimal(text);

        var read = SqliteText.ParseDecimal(Encoding.UTF8.GetBytes(text));

        Assert.Equal(decimal.GetBits(expected), decimal.GetBits(read));
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), read.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("1e3")]
    [InlineData("abc")]
    public void An_amount_that_is_no_number_fails_from_bytes_as_it_fails_from_text(string text)
    {
        var fromText = Record.Exception(() => SqliteText.ParseDecimal(text));
        var fromBytes = Record.Exception(() => SqliteText.ParseDecimal(Encoding.UTF8.GetBytes(text)));

        Assert.NotNull(fromText);
        Assert.Equal(fromText.GetType(), fromBytes?.GetType());
    }

    [Theory]
    [InlineData("2026-11-30")]
    [InlineData("2024-02-29")]
    [InlineData("0001-01-01")]
    public void A_day_read_from_bytes_is_the_day_the_text_names(string text) =>
        Assert.Equal(SqliteText.ParseDate(text), SqliteText.ParseDate(Encoding.UTF8.GetBytes(text)));

    [Theory]
    [InlineData("2025-02-29")]
    [InlineData("2026-13-01")]
    [InlineData("2026-11-3")]
    [InlineData("2026/11/30")]
    [InlineData("")]
    public void A_day_that_does_not_exist_fails_from_bytes_with_the_text_parse_error(string text) =>
        Assert.Throws<FormatException>(() => SqliteText.ParseDate(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Repeated_bytes_give_the_same_string_and_new_bytes_a_new_one_even_past_the_capacity()
    {
        var cache = new Utf8StringCache(2);

        var usd = cache.Get("USD"u8);
        var again = cache.Get("USD"u8);
        var eur = cache.Get("EUR"u8);
        var jpy = cache.Get("JPY"u8);
        var usdAfterEviction = cache.Get("USD"u8);

        Assert.Same(usd, again);
        Assert.Equal(["USD", "EUR", "JPY", "USD"], new[] { usd, eur, jpy, usdAfterEviction });
        Assert.Same(jpy, cache.Get("JPY"u8));
    }

    [Fact]
    public void Read_ahead_yields_every_row_in_order_across_batches()
    {
        var rows = Enumerable.Range(0, 10_007).ToList();

        Assert.Equal(rows, ReadAhead.Of(rows).ToList());
        Assert.Empty(ReadAhead.Of(Array.Empty<int>()));
    }

    [Fact]
    public void Read_ahead_passes_on_the_reads_own_exception()
    {
        static IEnumerable<int> Failing()
        {
            for (var i = 0; i < 1000; i++)
            {
                yield return i;
            }

            throw new MetricsException("the ledger is not grouped by account");
        }

        var seen = new List<int>();
        var ex = Assert.Throws<MetricsException>(() => seen.AddRange(ReadAhead.Of(Failing())));

        Assert.Equal("the ledger is not grouped by account", ex.Message);
        Assert.Equal(Enumerable.Range(0, 1000), seen);
    }

    [Fact]
    public void A_consumer_that_stops_early_stops_the_read_and_its_connection_is_closed_when_it_returns()
    {
        var closed = false;
        IEnumerable<int> Endless()
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    yield return i;
                }
            }
            finally
            {
                closed = true;
            }
        }

        var first = ReadAhead.Of(Endless()).Take(3).ToList();

        Assert.Equal([0, 1, 2], first);
        Assert.True(closed);
    }

    [Fact]
    public async Task The_ledger_reads_back_every_column_grouped_by_account_while_a_writer_holds_the_file()
    {
        var path = Path.Combine(_folder.Path, "state.db");
        await SqliteStateStore.Open(path, TimeProvider.System).DisposeAsync();
        using var writer = SqliteFile.Open(path);
        Insert(writer, "2026-03-01", "B", "B-S2", "0", "90.50", "EUR", null, "starter", 0, 3, null, null);
        Insert(writer, "2026-01-15", "A", "A-S1", "0", "290", "USD", null, "professional", 0, 10, null, null);
        Insert(writer, "2026-02-01", "B", "B-S1", "100.00", "0", "EUR", "starter", "starter", 4, 4, null, "2026-02-28");
        Insert(writer, "2026-04-01", "A", "A-S1", "290", "435.75", "USD", "professional", "enterprise", 10, 15, "prop-1", null);
        using var open = writer.BeginTransaction();

        var rows = SqliteMetricsReads.ReadLedger(path).ToList();

        Assert.Equal(["A", "A", "B", "B"], rows.Select(r => r.AccountId));
        var upgrade = rows.Single(r => r.ProposalKey == "prop-1");
        Assert.Equal(new LedgerEntry(new DateOnly(2026, 4, 1), "A", "A-S1", 290m, 435.75m, "USD", "professional", "enterprise", 10, 15, "prop-1", null), upgrade);
        Assert.Equal("435.75", upgrade.MrrAfter.ToString(CultureInfo.InvariantCulture));
        var cancellation = rows.Single(r => r.SubscriptionId == "B-S1");
        Assert.Equal("100.00", cancellation.MrrBefore.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(new DateOnly(2026, 2, 28), cancellation.PaidThrough);
        Assert.Null(rows.Single(r => r.SubscriptionId == "B-S2").TierBefore);
    }

    [Fact]
    public async Task The_ledger_read_walks_the_report_index_alone_without_the_table_or_a_sort()
    {
        var path = Path.Combine(_folder.Path, "state.db");
        await SqliteStateStore.Open(path, TimeProvider.System).DisposeAsync();
        using var connection = SqliteFile.Open(path, readOnly: true);
        using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + SqliteMetricsReads.LedgerQuery;
        var plan = new List<string>();
        using (var reader = explain.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Equal(["SCAN mrr_ledger USING COVERING INDEX mrr_ledger_report"], plan);
    }

    [Fact]
    public async Task A_file_at_a_higher_version_without_0016_gets_the_report_index_when_the_store_opens()
    {
        var path = Path.Combine(_folder.Path, "state.db");
        await SqliteStateStore.Open(path, TimeProvider.System).DisposeAsync();
        using (var writer = SqliteFile.Open(path))
        using (var downgrade = writer.CreateCommand())
        {
            // As a file migrated to 17 before 0016 existed: the account index, and no row for 16.
            downgrade.CommandText = """
                DROP INDEX mrr_ledger_report; CREATE INDEX mrr_ledger_account ON mrr_ledger(account_id);
                DELETE FROM schema_version WHERE version = 16;
                """;
            downgrade.ExecuteNonQuery();
        }

        await SqliteStateStore.Open(path, TimeProvider.System).DisposeAsync();

        using var connection = SqliteFile.Open(path, readOnly: true);
        using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT (SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'mrr_ledger'
                        AND name IN ('mrr_ledger_report', 'mrr_ledger_account') ORDER BY name)),
                   (SELECT COUNT(*) FROM schema_version WHERE version = 16), (SELECT MAX(version) FROM schema_version)
            """;
        using var reader = query.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(("mrr_ledger_report", 1L, 17L), (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
    }

    [Fact]
    public async Task An_accounts_rows_come_in_the_order_they_were_written_with_or_without_the_report_index()
    {
        var path = Path.Combine(_folder.Path, "state.db");
        await SqliteStateStore.Open(path, TimeProvider.System).DisposeAsync();
        using (var writer = SqliteFile.Open(path))
        {
            // As a sync and an import write: day by day across accounts, then an account's older history after its newer rows.
            Insert(writer, "2026-01-01", "B", "B-S1", "0", "50", "USD", null, "starter", 0, 2, null, null);
            Insert(writer, "2026-01-01", "A", "A-S1", "0", "100", "USD", null, "starter", 0, 5, null, null);
            Insert(writer, "2026-02-01", "A", "A-S1", "100", "0", "USD", "starter", "starter", 5, 5, null, "2026-02-28");
            Insert(writer, "2026-02-01", "B", "B-S1", "50", "80", "USD", "starter", "starter", 2, 3, null, null);
            Insert(writer, "2025-06-01", "A", "A-S0", "0", "70", "USD", null, "starter", 0, 4, null, null);
            Insert(writer, "2026-02-01", "A", "A-S2", "0", "120", "USD", null, "professional", 0, 6, null, null);
        }

        var expected = new (string Account, string Subscription, string Day)[]
        {
            ("A", "A-S1", "2026-01-01"), ("A", "A-S1", "2026-02-01"), ("A", "A-S0", "2025-06-01"), ("A", "A-S2", "2026-02-01"),
            ("B", "B-S1", "2026-01-01"), ("B", "B-S1", "2026-02-01"),
        };
        var withIndex = SqliteMetricsReads.ReadLedger(path).ToList();

        // A file no store with migration 0016 has opened yet has the account index only.
        using (var writer = SqliteFile.Open(path))
        using (var downgrade = writer.CreateCommand())
        {
            downgrade.CommandText = "DROP INDEX mrr_ledger_report; CREATE INDEX mrr_ledger_account ON mrr_ledger(account_id);";
            downgrade.ExecuteNonQuery();
        }

        var withoutIndex = SqliteMetricsReads.ReadLedger(path).ToList();

        Assert.Equal(expected, withIndex.Select(r => (r.AccountId, r.SubscriptionId, r.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        Assert.Equal(withIndex, withoutIndex);
    }

    [Fact]
    public void A_state_file_that_is_no_database_is_named_when_the_ledger_is_read()
    {
        var path = Path.Combine(_folder.Path, "state.db");
        File.WriteAllText(path, new string('x', 8192));

        var ex = Assert.Throws<DataFileCorruptException>(() => SqliteMetricsReads.ReadLedger(path).ToList());

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    private static void Insert(SqliteConnection connection, string day, string account, string subscription, string before, string after, string currency,
        string? tierBefore, string tierAfter, int seatsBefore, int seatsAfter, string? proposal, string? paidThrough)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO mrr_ledger (day, account_id, subscription_id, movement, mrr_before, mrr_after, delta, tier_before, tier_after,
                seats_before, seats_after, currency, proposal_key, paid_through)
            VALUES ($day, $account, $subscription, 'expansion', $before, $after, '0', $tierBefore, $tierAfter, $seatsBefore, $seatsAfter, $currency, $proposal, $paidThrough)
            """;
        insert.Parameters.AddWithValue("$day", day);
        insert.Parameters.AddWithValue("$account", account);
        insert.Parameters.AddWithValue("$subscription", subscription);
        insert.Parameters.AddWithValue("$before", before);
        insert.Parameters.AddWithValue("$after", after);
        insert.Parameters.AddWithValue("$currency", currency);
        insert.Parameters.AddWithValue("$tierBefore", (object?)tierBefore ?? DBNull.Value);
        insert.Parameters.AddWithValue("$tierAfter", tierAfter);
        insert.Parameters.AddWithValue("$seatsBefore", seatsBefore);
        insert.Parameters.AddWithValue("$seatsAfter", seatsAfter);
        insert.Parameters.AddWithValue("$proposal", (object?)proposal ?? DBNull.Value);
        insert.Parameters.AddWithValue("$paidThrough", (object?)paidThrough ?? DBNull.Value);
        insert.ExecuteNonQuery();
    }
}
