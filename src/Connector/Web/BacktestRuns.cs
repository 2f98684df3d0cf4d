using CrmSuite.Connector.Backtest;
using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Web;

/// <summary>
/// The backtests started from the web page, one at a time: a start while one runs is refused (the page answers 409), and
/// only the latest run is kept, its report until the next start. A run replays in the background on the host's worker
/// threads and stops when the host stops.
/// </summary>
internal sealed partial class BacktestRuns(Backtester backtester, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<BacktestRuns> logger)
{
    private readonly Lock _gate = new();
    private BacktestJob? _latest;
    private Task _running = Task.CompletedTask;
    private int _lastId;

    /// <summary>The CRM keeps the usage history a backtest replays (the embedded CRM does, Dataverse does not).</summary>
    public bool Available => backtester.Available;

    /// <summary>The latest run, running or ended; null before the first.</summary>
    public BacktestJob? Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    /// <summary>
    /// Starts replaying <paramref name="sets"/> over the plan's window, or returns null when a run is still going.
    /// </summary>
    public BacktestJob? TryStart(BacktestPlan plan, IReadOnlyList<BacktestPlaybooks> sets)
    {
        lock (_gate)
        {
            if (_latest is { State: BacktestJobState.Running })
            {
                return null;
            }

            var job = new BacktestJob(++_lastId, plan, time.GetUtcNow());
            _latest = job;
            LogStarted(logger, job.Id, plan.Window.From, plan.Window.Through, plan.Folder, plan.Compare ?? "-");
            _running = Task.Run(() => RunAsync(job, sets), CancellationToken.None);
            return job;
        }
    }

    /// <summary>Completes when the latest run has ended (for the host's tests and its shutdown).</summary>
    public Task Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    private async Task RunAsync(BacktestJob job, IReadOnlyList<BacktestPlaybooks> sets)
    {
        try
        {
            var report = await backtester.RunAsync(sets, job.Plan.Window, job, lifetime.ApplicationStopping);
            job.Finish(new BacktestJobEnd(time.GetUtcNow(), report, null));
            LogFinished(logger, job.Id, report.Accounts, report.Evaluations);
        }
        catch (CrmHistoryUnavailableException ex)
        {
            job.Finish(new BacktestJobEnd(time.GetUtcNow(), null, ex.Message));
            LogFailed(logger, job.Id, ex.Message, null);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            job.Finish(new BacktestJobEnd(time.GetUtcNow(), null, "the connector stopped before the backtest finished"));
        }
        catch (Exception ex)
        {
            job.Finish(new BacktestJobEnd(time.GetUtcNow(), null, $"the backtest failed: {ex.Message}"));
            LogFailed(logger, job.Id, ex.Message, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backtest {Id} started: {From} .. {Through}, playbooks {Folder}, compare {Compare}")]
    private static partial void LogStarted(ILogger logger, int id, DateOnly from, DateOnly through, string folder, string compare);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backtest {Id} finished: {Accounts} accounts, {Evaluations} account-days evaluated")]
    private static partial void LogFinished(ILogger logger, int id, long accounts, long evaluations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backtest {Id} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, int id, string reason, Exception? exception);
}
