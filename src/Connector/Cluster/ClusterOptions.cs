using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Cluster;

/// <summary>
/// How the nodes of a cluster share the work, bound from <c>Cluster</c>. A cluster is every `crmsuite run` on one
/// PostgreSQL state store (<c>Store:Provider = PostgreSql</c>); on SQLite the connector is one node and these are unused.
/// </summary>
internal sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>
    /// Account partitions (<c>Cluster:Partitions</c>, 1–1024, default 8): each is one Quartz job the nodes share, and
    /// holds the accounts whose id hashes to it (<see cref="AccountPartition"/>). Every node of a cluster must use the same number.
    /// </summary>
    public int Partitions { get; set; } = 8;

    /// <summary>
    /// How often a node tells the others it is alive (<c>Cluster:CheckinInterval</c>, default 00:00:15). A node silent
    /// for longer than this (plus Quartz's grace of 7.5 s) is taken for dead and its partitions are recovered.
    /// </summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a node's claim on outbox rows it is delivering keeps other nodes off them (<c>Cluster:OutboxLease</c>,
    /// default 00:05:00); a dead node's rows are delivered by another once it runs out.
    /// </summary>
    public TimeSpan OutboxLease { get; set; } = Store.PostgreSql.ClusterNode.DefaultOutboxLease;
}

/// <summary>Checks <see cref="ClusterOptions"/> at start, naming the key at fault.</summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var failures = new List<string>();
        if (options.Partitions is < 1 or > 1024)
        {
            failures.Add($"{ClusterOptions.Section}:{nameof(ClusterOptions.Partitions)} must be between 1 and 1024, got {options.Partitions}.");
        }

        if (options.CheckinInterval < TimeSpan.FromSeconds(1) || options.CheckinInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{ClusterOptions.Section}:{nameof(ClusterOptions.CheckinInterval)} must be between 00:00:01 and 00:10:00, got {options.CheckinInterval}.");
        }

        if (options.OutboxLease < TimeSpan.FromSeconds(5))
        {
            failures.Add($"{ClusterOptions.Section}:{nameof(ClusterOptions.OutboxLease)} must be at least 00:00:05, got {options.OutboxLease}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
