using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Sync;
using Quartz;

namespace CrmSuite.Connector.Jobs;

/// <summary>Registers the connector's Quartz jobs on the schedules of <see cref="HostingOptions"/>.</summary>
internal static class JobScheduling
{
    public static IHostApplicationBuilder AddConnectorJobs(this IHostApplicationBuilder builder, HostingOptions options)
    {
        builder.Services.AddQuartz("crmsuite", quartz =>
        {
            Schedule<SyncJob>(quartz, SyncJob.AccountSync, options.SyncCron, nameof(SyncMode.Incremental));
            Schedule<SyncJob>(quartz, SyncJob.Sweep, options.SweepCron, nameof(SyncMode.Full));
            Schedule<MrrSnapshotJob>(quartz, MrrSnapshotJob.Key, options.MrrSnapshotCron, null);
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }

    private static void Schedule<TJob>(IQuartzBuilder quartz, JobKey key, string cron, string? mode)
        where TJob : IJob
    {
        quartz.AddJob<TJob>(job =>
        {
            job.WithIdentity(key);
            if (mode is not null)
            {
                job.UsingJobData(SyncJob.ModeKey, mode);
            }
        });
        quartz.AddTrigger<TJob>(trigger => trigger.ForJob(key).WithIdentity($"{key.Name}-trigger").WithCronSchedule(cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
    }
}
