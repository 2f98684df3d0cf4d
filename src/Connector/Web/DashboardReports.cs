using System.Collections.Concurrent;
using CrmSuite.Connector.Metrics;
using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Web;

/// <summary>A computed report and when it was computed.</summary>
internal sealed record ComputedReport(MetricsReport Report, DateTimeOffset ComputedAt);

/// <summary>
/// The dashboard's reports, kept for <see cref="MaxAge"/> so that a page, its filters going back and forth and its CSV
/// exports do not fold the whole ledger again each time (a report over a million movements takes about a second). One
/// computation per query at a time: requests for a query being computed wait for it. The first page's query (the default
/// period, no filter) is kept fresh by <see cref="DashboardWarmer"/>, so the first page never waits for a computation.
/// </summary>
internal sealed class DashboardReports(MetricsReports reports, TimeProvider time, Microsoft.Extensions.Options.IOptions<Sync.SyncOptions> sync)
{
    private readonly TimeZoneInfo _timeZone = sync.Value.ResolveTimeZone();

    /// <summary>How long a report is shown before it is computed again; the page says when it was computed.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    // A handful of views per manager; beyond this the oldest are dropped.
    private const int MaxKept = 32;

    private readonly ConcurrentDictionary<MetricsQuery, Lazy<Task<ComputedReport>>> _kept = new();

    public async Task<ComputedReport> GetAsync(MetricsQuery query, CancellationToken cancellationToken)
    {
        while (true)
        {
            var entry = _kept.GetOrAdd(query, q => new Lazy<Task<ComputedReport>>(() => ComputeAsync(q)));
            try
            {
                var computed = await entry.Value.WaitAsync(cancellationToken);
                if (time.GetUtcNow() - computed.ComputedAt < MaxAge)
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

    /// <summary>Today in the connector's time zone (Sync:TimeZone), as the sync and the work queue count days.</summary>
    public DateOnly Today() => PlaybookEngine.Runtime.EvaluationContext.DayOf(time.GetUtcNow(), _timeZone);

    /// <summary>Computes <paramref name="query"/> now and keeps it in place of what was kept (the warmer's refresh).</summary>
    public async Task RefreshAsync(MetricsQuery query, CancellationToken cancellationToken)
    {
        var computed = await ComputeAsync(query, cancellationToken);
        _kept[query] = new Lazy<Task<ComputedReport>>(Task.FromResult(computed));
    }

    private async Task<ComputedReport> ComputeAsync(MetricsQuery query, CancellationToken cancellationToken = default)
    {
        // Off the request's thread and its cancellation: a report others wait for is finished even when its first asker leaves.
        var report = await Task.Run(() => reports.BuildAsync(query, cancellationToken), cancellationToken);
        Trim();
        return new ComputedReport(report, time.GetUtcNow());
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
