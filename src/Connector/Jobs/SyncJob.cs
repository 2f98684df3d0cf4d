using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Sync;
using Quartz;

namespace CrmSuite.Connector.Jobs;

/// <summary>The scheduled incremental sync: accounts changed in the CRM since the watermark.</summary>
[DisallowConcurrentExecution]
internal sealed partial class SyncJob(ConnectorEngine engine, ILogger<SyncJob> logger) : IJob
{
    public static readonly JobKey Key = new("account-sync");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!engine.IsOpen)
        {
            return;
        }

        var summary = await engine.SyncAsync(SyncMode.Incremental, cancellationToken);
        LogDone(summary);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled sync: {Summary}")]
    private partial void LogDone(SyncSummary summary);
}
