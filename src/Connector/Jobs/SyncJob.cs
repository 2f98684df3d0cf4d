using System.Globalization;
using CrmSuite.Connector.Cluster;
using CrmSuite.Connector.Sync;
using Quartz;

namespace CrmSuite.Connector.Jobs;

/// <summary>
/// A scheduled sync. Scheduled twice: the incremental account sync (accounts changed in the CRM since the watermark),
/// and the time-trigger sweep, a full pass over every account so that `after N days`, renewal windows and trial ends
/// fire even when nothing in the CRM changed. The job data's <see cref="ModeKey"/> says which; on a cluster, the
/// trigger's, since one job per partition carries both triggers (so a partition's sync and sweep never overlap on two
/// nodes). <see cref="PartitionKey"/> and <see cref="PartitionsKey"/> name the partition; absent, every account.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class SyncJob(SyncCycle cycle, ILogger<SyncJob> logger) : IJob
{
    public const string ModeKey = "mode";

    public const string PartitionKey = "partition";

    public const string PartitionsKey = "partitions";

    public static readonly JobKey AccountSync = new("account-sync");

    public static readonly JobKey Sweep = new("time-trigger-sweep");

    public static JobKey Partition(int index) => new($"account-sync-p{index}");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var mode = data.GetString(ModeKey) == nameof(SyncMode.Full) ? SyncMode.Full : SyncMode.Incremental;
        var partition = data.GetString(PartitionsKey) is { } count
            ? new AccountPartition(int.Parse(data.GetString(PartitionKey)!, CultureInfo.InvariantCulture), int.Parse(count, CultureInfo.InvariantCulture))
            : AccountPartition.All;
        var summary = await cycle.RunAsync(mode, partition, cancellationToken);
        LogDone(context.JobDetail.Key.Name, summary);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled {Job}: {Summary}")]
    private partial void LogDone(string job, SyncSummary summary);
}
