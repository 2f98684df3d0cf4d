using CrmSuite.Connector.Store;
using CrmSuite.Connector.Sync;
using Quartz;

namespace CrmSuite.Connector.Jobs;

/// <summary>The daily MRR snapshot: totals per currency from the licenses the syncs have observed.</summary>
[DisallowConcurrentExecution]
internal sealed partial class MrrSnapshotJob(SyncGate gate, IMrrLedger ledger, TimeProvider time, ILogger<MrrSnapshotJob> logger) : IJob
{
    public static readonly JobKey Key = new("mrr-snapshot");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var totals = await gate.RunAsync(token => ledger.SnapshotMrrAsync(day, token), cancellationToken);
        foreach (var total in totals)
        {
            LogTotal(day, total.Currency, total.PayingAccounts, total.Mrr);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MRR snapshot {Day}: {Currency} {Mrr} from {Accounts} paying accounts")]
    private partial void LogTotal(DateOnly day, string currency, int accounts, decimal mrr);
}
