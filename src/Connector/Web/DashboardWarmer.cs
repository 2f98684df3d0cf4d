namespace CrmSuite.Connector.Web;

/// <summary>
/// Keeps the dashboard's first page ready: computes its report (the default period, no filter) when the host starts and
/// again before it grows older than <see cref="DashboardReports.MaxAge"/>, so opening the dashboard reads a kept report
/// instead of folding the ledger. It starts once the host has started (after the demo seed and the first sync), and a
/// failed computation is logged and tried again at the next tick.
/// </summary>
internal sealed partial class DashboardWarmer(DashboardReports reports, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<DashboardWarmer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        // Half the kept age: a request never finds the first page's report expired.
        using var timer = new PeriodicTimer(DashboardReports.MaxAge / 2, time);
        do
        {
            try
            {
                var (query, _) = DashboardQuery.Read(QueryCollection.Empty, reports.Today());
                await reports.RefreshAsync(query!, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The dashboard's first page could not be computed; it is tried again in a minute")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
