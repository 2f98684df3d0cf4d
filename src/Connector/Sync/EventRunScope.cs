using System.Globalization;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// One pass over a stream of CRM events (task outcomes, proposal events): the stream's watermark (the last event applied
/// to the state store), and the run recorded among the syncs — begun at the first event that is applied, finished with
/// how the pass ended when the scope is disposed.
/// </summary>
internal sealed class EventRunScope : IAsyncDisposable
{
    private readonly ISyncRuns _runs;
    private readonly TimeProvider _time;
    private readonly string? _watermark;
    private long _runId;
    private SyncRunStatus _status = SyncRunStatus.Failed;

    private EventRunScope(ISyncRuns runs, TimeProvider time, string? watermark)
    {
        _runs = runs;
        _time = time;
        _watermark = watermark;
        Applied = watermark is null ? 0 : long.Parse(watermark, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>The id of the last event applied: an event at or below it was applied before and is only marked.</summary>
    public long Applied { get; set; }

    public static async Task<EventRunScope> OpenAsync(ISyncRuns runs, TimeProvider time, string watermarkSource, CancellationToken cancellationToken) =>
        new(runs, time, await runs.GetWatermarkAsync(watermarkSource, cancellationToken));

    /// <summary>The run's id, begun on first use.</summary>
    public async Task<long> RunIdAsync(CancellationToken cancellationToken) =>
        _runId != 0 ? _runId : _runId = await _runs.BeginRunAsync(SyncRunKind.Events, _watermark, _time.GetUtcNow(), cancellationToken);

    public void Completed() => _status = SyncRunStatus.Completed;

    public void Cancelled() => _status = SyncRunStatus.Cancelled;

    public async ValueTask DisposeAsync()
    {
        if (_runId != 0)
        {
            await _runs.FinishRunAsync(_runId, _status, _time.GetUtcNow(), CancellationToken.None);
        }
    }
}
