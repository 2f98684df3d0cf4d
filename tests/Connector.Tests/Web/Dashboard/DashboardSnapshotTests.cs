using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Metrics;
using CrmSuite.Connector.Store.Sqlite;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.Connector.Web;
using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Tests.Web.Dashboard;

/// <summary>
/// The dashboard's kept reports on a real state store: kept while nothing is committed to the store, computed again after
/// a commit or past their maximum age; the first page's snapshot served without waiting while the store changes and
/// replaced once the store is quiet.
/// </summary>
public sealed class DashboardSnapshotTests : IAsyncLifetime
{
    private static readonly MetricsQuery Year = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 10, 31), MetricsGrouping.Month, MetricsFilter.None);

    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private SqliteStateStore _store = null!;
    private DashboardReports _reports = null!;
    private int _nextAccount;

    private string StorePath => Path.Combine(_folder.Path, "state.db");

    public async Task InitializeAsync()
    {
        _store = SqliteStateStore.Open(StorePath, _time);
        var metrics = new MetricsReports(_store, Array.Empty<ICrmActivity>(), Options.Create(new MetricsSettings()), _store);
        _reports = new DashboardReports(metrics, _store, _time, Options.Create(new SyncOptions()));
        await NewAccountAsync(100m);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task The_page_s_tiles_hold_the_first_page_s_snapshot_once_it_is_kept_and_no_value_before()
    {
        var page = new DashboardPage(new DashboardAssets());
        Assert.Null(_reports.FirstPage());
        var before = page.Render(null, null);
        Assert.Contains("<li data-field=\"nrr\" data-label=\"NRR\" data-kind=\"percent\"><span class=\"label\">NRR</span><span class=\"value\">…</span></li>", before, StringComparison.Ordinal);
        Assert.DoesNotContain("data-value", before, StringComparison.Ordinal);

        Assert.True(await _reports.RefreshAsync(_reports.FirstPageQuery(), CancellationToken.None));
        var snapshot = _reports.FirstPage();
        Assert.NotNull(snapshot);
        var html = page.Render(snapshot.Computed, new Dictionary<string, string>());

        // The account is new in the default period: MRR at end 100, NRR has no cohort to measure (no value, shown as —).
        var mrrAtEnd = Tile(html, "mrr_at_end");
        Assert.Equal(100m, decimal.Parse(mrrAtEnd.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("MRR at end (USD)", mrrAtEnd.Groups["label"].Value);
        Assert.Equal("100.00", mrrAtEnd.Groups["shown"].Value);
        var nrr = Tile(html, "nrr");
        Assert.Equal(("", "—"), (nrr.Groups["value"].Value, nrr.Groups["shown"].Value));
        Assert.Equal(DashboardPage.Tiles.Length, System.Text.RegularExpressions.Regex.Count(html, "<li data-field="));
    }

    [Fact]
    public async Task A_snapshot_of_another_query_is_not_the_first_page()
    {
        Assert.True(await _reports.RefreshAsync(Year, CancellationToken.None));

        Assert.Null(_reports.FirstPage());
    }

    private static System.Text.RegularExpressions.Match Tile(string html, string field)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html,
            $"<li data-field=\"{field}\" [^>]*data-value=\"(?<value>[^\"]*)\"><span class=\"label\">(?<label>[^<]*)</span><span class=\"value\">(?<shown>[^<]*)</span></li>");
        Assert.True(match.Success, $"no tile {field} with a value in {html}");
        return match;
    }

    [Fact]
    public async Task A_kept_report_is_served_until_something_is_committed_to_the_store()
    {
        var first = await _reports.GetAsync(Year, CancellationToken.None);
        _time.Advance(DashboardReports.MaxAge - TimeSpan.FromSeconds(1));

        Assert.Same(first, await _reports.GetAsync(Year, CancellationToken.None));

        await NewAccountAsync(250m);
        var after = await _reports.GetAsync(Year, CancellationToken.None);

        Assert.Equal(100m, first.Report.Total.MrrAtEnd);
        Assert.Equal(350m, after.Report.Total.MrrAtEnd);
        Assert.Equal(_time.GetUtcNow(), after.ComputedAt);
    }

    [Fact]
    public async Task A_report_as_old_as_the_maximum_age_is_computed_again_though_the_store_did_not_change()
    {
        var first = await _reports.GetAsync(Year, CancellationToken.None);
        _time.Advance(DashboardReports.MaxAge);

        var again = await _reports.GetAsync(Year, CancellationToken.None);

        Assert.NotSame(first, again);
        Assert.Equal(_time.GetUtcNow(), again.ComputedAt);
    }

    [Fact]
    public async Task A_rolled_back_write_leaves_the_kept_report_and_a_commit_from_another_connection_replaces_it()
    {
        var first = await _reports.GetAsync(Year, CancellationToken.None);
        var version = _store.ChangeVersion();
        await using (var other = new SqliteConnection($"Data Source={StorePath};Pooling=False"))
        {
            await other.OpenAsync();
            await using var transaction = await other.BeginTransactionAsync();
            await InsertNewAsync(other, "X-1", 500m);
            await transaction.RollbackAsync();
        }

        Assert.Equal(version, _store.ChangeVersion());
        Assert.Same(first, await _reports.GetAsync(Year, CancellationToken.None));

        await NewAccountAsync(40m);

        Assert.NotEqual(version, _store.ChangeVersion());
        Assert.Equal(140m, (await _reports.GetAsync(Year, CancellationToken.None)).Report.Total.MrrAtEnd);
    }

    [Fact]
    public async Task The_first_page_is_served_its_snapshot_while_the_store_changes_and_a_new_one_once_the_store_is_quiet()
    {
        Assert.True(await _reports.RefreshAsync(Year, CancellationToken.None));
        var snapshot = await _reports.GetAsync(Year, CancellationToken.None);
        Assert.False(await _reports.RefreshAsync(Year, CancellationToken.None));

        // A sync commits page after page: the first page keeps its snapshot and the warmer waits for a quiet check.
        await NewAccountAsync(250m);
        Assert.Same(snapshot, await _reports.GetAsync(Year, CancellationToken.None));
        Assert.False(await _reports.RefreshAsync(Year, CancellationToken.None));
        await NewAccountAsync(50m);
        Assert.False(await _reports.RefreshAsync(Year, CancellationToken.None));
        Assert.Same(snapshot, await _reports.GetAsync(Year, CancellationToken.None));

        _time.Advance(DashboardReports.CheckEvery);
        Assert.True(await _reports.RefreshAsync(Year, CancellationToken.None));
        var refreshed = await _reports.GetAsync(Year, CancellationToken.None);

        Assert.Equal(100m, snapshot.Report.Total.MrrAtEnd);
        Assert.Equal(400m, refreshed.Report.Total.MrrAtEnd);
        Assert.Equal(_time.GetUtcNow(), refreshed.ComputedAt);
        Assert.False(await _reports.RefreshAsync(Year, CancellationToken.None));
    }

    [Fact]
    public async Task A_store_that_never_goes_quiet_still_gets_a_new_first_page_at_the_maximum_age()
    {
        Assert.True(await _reports.RefreshAsync(Year, CancellationToken.None));
        for (var i = 0; i < 3; i++)
        {
            await NewAccountAsync(10m);
            Assert.False(await _reports.RefreshAsync(Year, CancellationToken.None));
        }

        _time.Advance(DashboardReports.MaxAge);
        await NewAccountAsync(10m);

        Assert.True(await _reports.RefreshAsync(Year, CancellationToken.None));
        Assert.Equal(140m, (await _reports.GetAsync(Year, CancellationToken.None)).Report.Total.MrrAtEnd);
    }

    [Fact]
    public async Task A_request_is_answered_by_the_report_computed_for_it_though_the_store_changed_during_the_computation()
    {
        var slow = new SlowLedger(_store, after: () => NewAccountAsync(5m).GetAwaiter().GetResult());
        var reports = new DashboardReports(new MetricsReports(slow, Array.Empty<ICrmActivity>(), Options.Create(new MetricsSettings()), _store), _store, _time,
            Options.Create(new SyncOptions()));

        var first = await reports.GetAsync(Year, CancellationToken.None);

        Assert.Equal(100m, first.Report.Total.MrrAtEnd);
        var second = await reports.GetAsync(Year, CancellationToken.None);
        Assert.Equal(105m, second.Report.Total.MrrAtEnd);
        Assert.Equal(2, slow.Reads);
    }

    [Fact]
    public async Task Another_period_is_not_served_the_first_page_s_snapshot()
    {
        Assert.True(await _reports.RefreshAsync(Year, CancellationToken.None));
        await NewAccountAsync(250m);
        var half = Year with { From = new DateOnly(2026, 6, 1) };

        var other = await _reports.GetAsync(half, CancellationToken.None);

        Assert.Equal(350m, other.Report.Total.MrrAtEnd);
        Assert.Equal(100m, (await _reports.GetAsync(Year, CancellationToken.None)).Report.Total.MrrAtEnd);
    }

    // One account that starts paying `mrr` in March 2026, committed by a connection of its own (as an import would).
    private async Task NewAccountAsync(decimal mrr)
    {
        await using var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False");
        await connection.OpenAsync();
        await InsertNewAsync(connection, $"A-{++_nextAccount}", mrr);
    }

    private static async Task InsertNewAsync(SqliteConnection connection, string account, decimal mrr)
    {
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO mrr_ledger (day, account_id, subscription_id, movement, mrr_before, mrr_after, delta, tier_before, tier_after,
                seats_before, seats_after, currency, proposal_key, paid_through)
            VALUES ('2026-03-01', $account, $account || '-S1', 'new', '0', $mrr, $mrr, NULL, 'starter', 0, 5, 'USD', NULL, NULL)
            """;
        insert.Parameters.AddWithValue("$account", account);
        insert.Parameters.AddWithValue("$mrr", mrr.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await insert.ExecuteNonQueryAsync();
    }

    // The store's reads, with a commit made by another connection after each ledger read (a sync writing meanwhile).
    private sealed class SlowLedger(SqliteStateStore store, Action after) : Connector.Store.IMetricsStore
    {
        public int Reads { get; private set; }

        public IEnumerable<LedgerEntry> ReadLedger()
        {
            Reads++;
            foreach (var entry in store.ReadLedger())
            {
                yield return entry;
            }

            after();
        }

        public IEnumerable<TransitionRecord> ReadTransitions() => store.ReadTransitions();

        public IEnumerable<ExperimentMember> ReadExperimentMembers() => store.ReadExperimentMembers();

        public IEnumerable<VariantMember> ReadVariantMembers() => store.ReadVariantMembers();

        public long ChangeVersion() => store.ChangeVersion();
    }
}
