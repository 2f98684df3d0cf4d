using System.Globalization;
using CrmSuite.Connector.Cluster;
using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Sync;
using Quartz;

namespace CrmSuite.Connector.Jobs;

/// <summary>
/// Registers the connector's Quartz jobs on the schedules of <see cref="HostingOptions"/>. On a SQLite state store: one
/// node, Quartz's RAM store, one account sync and one sweep over every account. On PostgreSQL: a cluster, Quartz's
/// clustered ADO.NET job store in the same database (tables of migration 0014) and one job per account partition.
/// </summary>
internal static class JobScheduling
{
    /// <summary>Every node of a cluster schedules under this name: Quartz shares the jobs of one scheduler name.</summary>
    public const string SchedulerName = "crmsuite";

    public static IHostApplicationBuilder AddConnectorJobs(this IHostApplicationBuilder builder, HostingOptions options)
    {
        var clustered = StoreProviderOptions.Read(builder.Configuration) == StoreProvider.PostgreSql;
        var cluster = new ClusterOptions();
        builder.Configuration.GetSection(ClusterOptions.Section).Bind(cluster);
        builder.Services.AddQuartz(SchedulerName, quartz =>
        {
            if (clustered)
            {
                UseClusteredStore(quartz, builder.Configuration, cluster);
                SchedulePartitions(quartz, options, cluster.Partitions);
            }
            else
            {
                Schedule<SyncJob>(quartz, SyncJob.AccountSync, options.SyncCron, nameof(SyncMode.Incremental));
                Schedule<SyncJob>(quartz, SyncJob.Sweep, options.SweepCron, nameof(SyncMode.Full));
            }

            Schedule<MrrSnapshotJob>(quartz, MrrSnapshotJob.Key, options.MrrSnapshotCron, null);
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }

    private static void UseClusteredStore(IQuartzBuilder quartz, IConfiguration configuration, ClusterOptions cluster)
    {
        // Quartz's cluster recovery needs a distinct name per node: host, pid and start time, so an operator can tell which
        // process a row of qrtz_scheduler_state or qrtz_fired_triggers belongs to (docs/operations.md, "Running several nodes").
        var instanceId = string.Create(CultureInfo.InvariantCulture,
            $"{Environment.MachineName}-{Environment.ProcessId}-{DateTime.UtcNow:yyyyMMddHHmmssfff}");
        quartz.ConfigureScheduler(scheduler => scheduler.InstanceId = instanceId);
        // A node runs one job at a time (its syncs take turns at the SyncGate anyway): with one thread, Quartz acquires
        // one trigger at a time, and a node never holds partitions it cannot run yet while another node sits idle.
        quartz.UseDefaultThreadPool(1);
        var connectionString = configuration[$"{StoreProviderOptions.Section}:ConnectionString"] ?? "";
        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(connectionString);
            // The connector's migration 0014 creates the tables (lower case, as PostgreSQL folds unquoted names).
            store.ConfigureStore(ado => ado.TablePrefix = "qrtz_");
            store.UseSystemTextJsonSerializer();
            store.UseClustering(c =>
            {
                c.CheckinInterval = cluster.CheckinInterval;
                c.CheckinMisfireThreshold = cluster.CheckinInterval;
            });
        });
    }

    // One job per partition, carrying both triggers: the incremental sync and the sweep of a partition never run at once.
    private static void SchedulePartitions(IQuartzBuilder quartz, HostingOptions options, int partitions)
    {
        for (var index = 0; index < partitions; index++)
        {
            var key = SyncJob.Partition(index);
            var position = index.ToString(CultureInfo.InvariantCulture);
            quartz.AddJob<SyncJob>(job => job.WithIdentity(key)
                .UsingJobData(SyncJob.PartitionKey, position)
                .UsingJobData(SyncJob.PartitionsKey, partitions.ToString(CultureInfo.InvariantCulture))
                // A node that dies mid-run leaves the partition to a survivor, which runs it again at once.
                .RequestRecovery());
            quartz.AddTrigger(trigger => trigger.ForJob(key).WithIdentity($"{key.Name}-sync")
                .UsingJobData(SyncJob.ModeKey, nameof(SyncMode.Incremental))
                .WithCronSchedule(options.SyncCron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
            // The first sync, at once: every node starting replaces this trigger, so each start syncs every partition once.
            quartz.AddTrigger(trigger => trigger.ForJob(key).WithIdentity($"{key.Name}-start")
                .UsingJobData(SyncJob.ModeKey, nameof(SyncMode.Incremental))
                .StartNow());
            quartz.AddTrigger(trigger => trigger.ForJob(key).WithIdentity($"{key.Name}-sweep")
                .UsingJobData(SyncJob.ModeKey, nameof(SyncMode.Full))
                .WithCronSchedule(options.SweepCron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
        }
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
        quartz.AddTrigger(trigger => trigger.ForJob(key).WithIdentity($"{key.Name}-trigger").WithCronSchedule(cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
    }
}
