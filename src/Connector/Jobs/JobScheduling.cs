using CrmSuite.Connector.Hosting;
using Quartz;

namespace CrmSuite.Connector.Jobs;

/// <summary>Registers the connector's Quartz jobs on the schedules of <see cref="HostingOptions"/>.</summary>
internal static class JobScheduling
{
    public static IServiceCollection AddConnectorJobs(this IServiceCollection services, HostingOptions options)
    {
        services.AddQuartz("crmsuite", quartz =>
        {
            Schedule<SyncJob>(quartz, SyncJob.Key, options.SyncCron);
            Schedule<SweepJob>(quartz, SweepJob.Key, options.SweepCron);
            Schedule<MrrSnapshotJob>(quartz, MrrSnapshotJob.Key, options.MrrSnapshotCron);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    private static void Schedule<TJob>(IQuartzBuilder quartz, JobKey key, string cron)
        where TJob : IJob
    {
        quartz.AddJob<TJob>(job => job.WithIdentity(key));
        quartz.AddTrigger<TJob>(trigger => trigger.ForJob(key).WithIdentity($"{key.Name}-trigger").WithCronSchedule(cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
    }
}
