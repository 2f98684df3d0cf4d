using System.Collections.Concurrent;
using CrmSuite.Connector.Metrics;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Web;

/// <summary>A computed report, when it was computed, and the state store's change version it was computed from.</summary>
internal sealed record ComputedReport(MetricsReport Report, DateTimeOffset ComputedAt, long StoreVersion);

/// <summary>The first page's snapshot: its query and its report.</summary>
internal sealed record FirstPageSnapshot(MetricsQuery Query, ComputedReport Computed);

/// <summary>
/// The dashboard's reports, kept until the state store changes (anything committed to it: new ledger movements, a
/// sync, an import from another process) or they grow older than <see cref="MaxAge"/> (the CRM's own changes the store
/// does not see), so a page, its filters going back and forth and its CSV exports do not fold the whole ledger again
/// each time. One computation per query at a time: requests for a query being computed wait for it. The first page's
/// query (the default period, no filter) is a snapshot <see cref="DashboardWarmer"/> recomputes when it is no longer
/// current; until the new one is ready, the first page is served the snapshot it has, which says when it was computed.
/// </summary>
internal sealed class DashboardReports(MetricsReports reports, IMetricsStore store, TimeProvider time, Microsoft.Extensions.Options.IOptions<Sync.SyncOptions> sync)
{
    private readonly TimeZoneInfo _timeZone = sync.Value.ResolveTimeZone();

    /// <summary>The longest a report is shown while the store has not changed; the page says when it was computed.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    /// <summary>How often the warmer asks whether the first page's snapshot is still current.</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);

    // A handful of views per manager; beyond this the oldest are dropped.
    private const int MaxKept = 32;

    private readonly ConcurrentDictionary<MetricsQuery, Lazy<Task<ComputedReport>>> _kept = new();
    private volatile FirstPageSnapshot? _snapshot;
    private long _lastSeenVersion = -1;

    public async Task<ComputedReport> GetAsync(MetricsQuery query, CancellationToken cancellationToken)
    {
        // The first page never waits for a computation once a snapshot of it exists.
        if (_snapshot is { } snapshot && snapshot.Query.Equals(query))
        {
            return snapshot.Computed;
        }

        // A report computed for this request (or after it found the kept one stale) is the answer even if the store changed
        // again meanwhile (a sync writing page after page): requests are not made to wait for the store to go quiet.
        for (var attempt = 0; ; attempt++)
        {
            var mine = new Lazy<Task<ComputedReport>>(() => ComputeAsync(query));
            var entry = _kept.GetOrAdd(query, mine);
            try
            {
                var computed = await entry.Value.WaitAsync(cancellationToken);
                if (attempt > 0 || ReferenceEquals(entry, mine) || IsCurrent(computed))
                {
                    return computed;
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A failed computation is not kept: the next request tries again, this one reports the failure.
                _kept.TryRemove(KeyValuePair.Create(query, entry));
                throw;
            }

            _kept.TryRemove(KeyValuePair.Create(query, entry));
        }
    }

    /// <summary>
    /// The first page's snapshot when it is the default period's as of today (no filter), else null: what the page's HTML
    /// writes into its tiles. Never computes.
    /// </summary>
    public FirstPageSnapshot? FirstPage() =>
        _snapshot is { } snapshot && snapshot.Query.Equals(FirstPageQuery()) ? snapshot : null;

    /// <summary>The first page's query: the default period as of today, no filter.</summary>
    public MetricsQuery FirstPageQuery() => DashboardQuery.Read(QueryCollection.Empty, Today()).Query!;

    /// <summary>Today in the connector's time zone (Sync:TimeZone), as the sync and the work queue count days.</summary>
    public DateOnly Today() => PlaybookEngine.Runtime.EvaluationContext.DayOf(time.GetUtcNow(), _timeZone);

    /// <summary>
    /// Keeps <paramref name="query"/> the first page's snapshot; the warmer calls it every <see cref="CheckEvery"/>. It
    /// computes when there is no snapshot of that query, when the store changed since the snapshot and nothing more was
    /// committed since the previous call (a sync writing page after page is waited out, so a report is computed once
    /// after it, not after each page), or when the snapshot is <see cref="MaxAge"/> old. Returns whether it computed.
    /// </summary>
    public async Task<bool> RefreshAsync(MetricsQuery query, CancellationToken cancellationToken)
    {
        var version = store.ChangeVersion();
        var quiet = version == _lastSeenVersion;
        _lastSeenVersion = version;
        if (_snapshot is { } snapshot && snapshot.Query.Equals(query) && time.GetUtcNow() - snapshot.Computed.ComputedAt < MaxAge
            && (snapshot.Computed.StoreVersion == version || !quiet))
        {
            return false;
        }

        _snapshot = new FirstPageSnapshot(query, await ComputeAsync(query, cancellationToken));
        _kept.TryRemove(query, out _);
        return true;
    }

    private bool IsCurrent(ComputedReport computed) =>
        computed.StoreVersion == store.ChangeVersion() && time.GetUtcNow() - computed.ComputedAt < MaxAge;

    private async Task<ComputedReport> ComputeAsync(MetricsQuery query, CancellationToken cancellationToken = default)
    {
        // Read before the ledger is: a commit during the computation makes the report stale, not missed.
        var version = store.ChangeVersion();
        var at = time.GetUtcNow();
        // Off the request's thread and its cancellation: a report others wait for is finished even when its first asker leaves.
        var report = await Task.Run(() => reports.BuildAsync(query, cancellationToken), cancellationToken);
        Trim();
        return new ComputedReport(report, at, version);
    }

    private void Trim()
    {
        if (_kept.Count <= MaxKept)
        {
            return;
        }

        foreach (var stale in _kept.Where(e => e.Value.IsValueCreated && e.Value.Value.IsCompletedSuccessfully)
            .OrderBy(e => e.Value.Value.Result.ComputedAt).Take(_kept.Count - MaxKept).ToList())
        {
            _kept.TryRemove(stale);
        }
    }
}
