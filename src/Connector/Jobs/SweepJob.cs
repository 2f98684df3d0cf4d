using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Sync;
using Quartz;

namespace CrmSuite.Connector.Jobs;

/// <summary>
/// The time-trigger sweep: re-evaluates every account, unchanged ones included, so that `after N days`, renewal windows
/// and trial ends fire even when nothing in the CRM changed.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class SweepJob(ConnectorEngine engine, ILogger<SweepJob> logger) : IJob
{
    public static readonly JobKey Key = new("time-trigger-sweep");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!engine.IsOpen)
        {
            return;
        }

        var summary = await engine.SyncAsync(SyncMode.Full, cancellationToken);
        LogDone(summary);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Time-trigger sweep: {Summary}")]
    private partial void LogDone(SyncSummary summary);
}
