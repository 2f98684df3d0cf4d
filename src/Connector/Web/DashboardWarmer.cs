namespace CrmSuite.Connector.Web;

/// <summary>
/// Keeps the dashboard's first page ready: computes its report (the default period, no filter) once the host has
/// started (after the demo seed and the first sync), then every <see cref="DashboardReports.CheckEvery"/> asks
/// <see cref="DashboardReports.RefreshAsync"/> whether the state store changed since, so opening the dashboard reads a
/// snapshot instead of folding the ledger; a new snapshot's page (its charts drawn) is rendered at once. A failed computation is logged and tried again at the next tick.
/// </summary>
internal sealed partial class DashboardWarmer(DashboardReports reports, DashboardPage page, DashboardChartSet charts, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<DashboardWarmer> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        using var timer = new PeriodicTimer(DashboardReports.CheckEvery, time);
        var retryAt = DateTimeOffset.MinValue;
        do
        {
            if (time.GetUtcNow() < retryAt)
            {
                continue;
            }

            try
            {
                if (await reports.RefreshAsync(reports.FirstPageQuery(), stoppingToken) && reports.FirstPage() is { } snapshot)
                {
                    // Drawn now, so the first request after a new snapshot is not the one that waits for its charts.
                    page.Render(snapshot.Computed, await charts.ForAsync(snapshot.Computed, stoppingToken));
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A report that cannot be computed (a currency without a rate) fails the same way until someone acts.
                LogFailed(logger, ex);
                retryAt = time.GetUtcNow() + RetryAfter;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The dashboard's first page could not be computed; it is tried again in a minute")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
