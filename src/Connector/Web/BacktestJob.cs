using CrmSuite.Connector.Backtest;

namespace CrmSuite.Connector.Web;

/// <summary>Where a backtest started from the page stands.</summary>
internal enum BacktestJobState
{
    Running,
    Done,
    Failed,
}

/// <summary>
/// One backtest started from the page: what it replays, how many accounts it has read so far, and at the end its report
/// or the reason it failed. Written by the run, read by any request; the end is published once, as one value.
/// </summary>
internal sealed class BacktestJob(int id, BacktestPlan plan, DateTimeOffset startedAt) : IProgress<long>
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _accountsRead;
    private BacktestJobEnd? _end;

    public int Id { get; } = id;

    public BacktestPlan Plan { get; } = plan;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public long AccountsRead => Interlocked.Read(ref _accountsRead);

    /// <summary>The report and when it finished, or the failure; null while running.</summary>
    public BacktestJobEnd? End => Volatile.Read(ref _end);

    public BacktestJobState State => End switch
    {
        null => BacktestJobState.Running,
        { Report: not null } => BacktestJobState.Done,
        _ => BacktestJobState.Failed,
    };

    public void Report(long value) => Interlocked.Exchange(ref _accountsRead, value);

    /// <summary>Completes when the run has ended, done or failed.</summary>
    public Task Ended => _ended.Task;

    public void Finish(BacktestJobEnd end)
    {
        Volatile.Write(ref _end, end);
        _ended.TrySetResult();
    }
}

/// <summary>How a backtest ended: its report, or the error in words.</summary>
internal sealed record BacktestJobEnd(DateTimeOffset FinishedAt, BacktestReport? Report, string? Error);
