using CrmSuite.Connector.Hosting;
using Quartz;

namespace CrmSuite.Connector.Jobs;

/// <summary>The daily MRR snapshot: totals per currency from the licenses the syncs have observed.</summary>
[DisallowConcurrentExecution]
internal sealed partial class MrrSnapshotJob(ConnectorEngine engine, TimeProvider time, ILogger<MrrSnapshotJob> logger) : IJob
{
    public static readonly JobKey Key = new("mrr-snapshot");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!engine.IsOpen)
        {
            return;
        }

        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var totals = await engine.RunExclusiveAsync((services, token) => services.Store.SnapshotMrrAsync(day, token), cancellationToken);
        foreach (var (currency, accounts, mrr) in totals)
        {
            LogTotal(day, currency, accounts, mrr);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MRR snapshot {Day}: {Currency} {Mrr} from {Accounts} paying accounts")]
    private partial void LogTotal(DateOnly day, string currency, int accounts, decimal mrr);
}
