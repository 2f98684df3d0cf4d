using CrmSuite.Connector.Sync;
using Quartz;

namespace CrmSuite.Connector.Jobs;

/// <summary>
/// A scheduled sync. Scheduled twice: the incremental account sync (accounts changed in the CRM since the watermark),
/// and the time-trigger sweep, a full pass over every account so that `after N days`, renewal windows and trial ends
/// fire even when nothing in the CRM changed. The job data's <see cref="ModeKey"/> says which.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class SyncJob(SyncCycle cycle, ILogger<SyncJob> logger) : IJob
{
    public const string ModeKey = "mode";

    public static readonly JobKey AccountSync = new("account-sync");

    public static readonly JobKey Sweep = new("time-trigger-sweep");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var mode = context.MergedJobDataMap.GetString(ModeKey) == nameof(SyncMode.Full) ? SyncMode.Full : SyncMode.Incremental;
        var summary = await cycle.RunAsync(mode, cancellationToken);
        LogDone(context.JobDetail.Key.Name, summary);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled {Job}: {Summary}")]
    private partial void LogDone(string job, SyncSummary summary);
}
