using CrmSuite.Connector.Crm.Dataverse.Connection;

namespace CrmSuite.Connector.Crm.Dataverse.Schema;

/// <summary>How long deploy-schema waits for new alternate keys to become Active, and how often it looks.</summary>
internal sealed record KeyWait(TimeSpan Timeout, TimeSpan Interval)
{
    public static readonly KeyWait Default = new(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(5));
}

/// <summary>What a deploy did: the changes made, what it could not fix, and the keys still not Active when it stopped waiting.</summary>
internal sealed record DeployResult(IReadOnlyList<SchemaChange> Made, IReadOnlyList<string> Conflicts, IReadOnlyList<string> InactiveKeys)
{
    public bool Succeeded => Conflicts.Count == 0 && InactiveKeys.Count == 0;
}

/// <summary>
/// <c>crmsuite dataverse deploy-schema</c>: reads every table of <see cref="CrmSuiteSchema"/>, creates what is missing
/// (tables, columns, lookups, change tracking, alternate keys) in the CrmSuite solution, publishes, and waits for the
/// alternate keys to become Active. Idempotent: on an organisation that has it all, it only reads.
/// </summary>
internal sealed class SchemaDeployer(MetadataClient metadata, TimeProvider time)
{
    public async Task<SchemaPlan> PlanAsync(CancellationToken cancellationToken)
    {
        var states = new List<(TableDefinition, TableState?)>();
        foreach (var table in CrmSuiteSchema.Tables)
        {
            states.Add((table, await metadata.ReadTableAsync(table.LogicalName, cancellationToken)));
        }

        return SchemaPlan.Of(states);
    }

    public async Task<DeployResult> DeployAsync(TextWriter output, KeyWait wait, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(cancellationToken);
        if (plan.Conflicts.Length > 0)
        {
            // Nothing is changed when part of the schema contradicts the model: fix that first, then deploy whole.
            return new DeployResult([], plan.Conflicts, []);
        }

        if (plan.Changes.Length > 0 && await metadata.EnsureSolutionAsync(cancellationToken))
        {
            await output.WriteLineAsync($"created solution {CrmSuiteSchema.Solution} (publisher {CrmSuiteSchema.Publisher}, prefix {CrmSuiteSchema.Prefix}_)");
        }

        foreach (var change in plan.Changes)
        {
            await ApplyAsync(change, cancellationToken);
            await output.WriteLineAsync($"created {change.Describe()}");
        }

        // New tables and columns are usable at once; an updated table definition applies only once published.
        var updated = plan.Changes.OfType<EnableChangeTracking>().Select(c => c.Table.LogicalName).ToList();
        if (updated.Count > 0)
        {
            await metadata.PublishAsync(updated, cancellationToken);
            await output.WriteLineAsync($"published {string.Join(", ", updated)}");
        }

        var waiting = plan.Changes.OfType<AddKey>().Any() || plan.InactiveKeys.Length > 0
            ? await WaitForKeysAsync(output, wait, cancellationToken)
            : new DeployResult([], [], []);
        return waiting with { Made = plan.Changes };
    }

    private Task ApplyAsync(SchemaChange change, CancellationToken cancellationToken) => change switch
    {
        CreateTable c => metadata.CreateTableAsync(c.Table, cancellationToken),
        AddColumn c => metadata.CreateColumnAsync(c.Table, c.Column, cancellationToken),
        EnableChangeTracking c => metadata.EnableChangeTrackingAsync(c.Table, cancellationToken),
        AddKey c => metadata.CreateKeyAsync(c.Table, c.Key, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "unknown schema change"),
    };

    // A key is built by a background job (EntityKeyIndexStatus Pending → InProgress → Active); upserts by it fail until then.
    private async Task<DeployResult> WaitForKeysAsync(TextWriter output, KeyWait wait, CancellationToken cancellationToken)
    {
        long? started = null;
        while (true)
        {
            var plan = await PlanAsync(cancellationToken);
            if (plan.Conflicts.Length > 0 || plan.InactiveKeys.Length == 0)
            {
                if (plan.Conflicts.Length == 0)
                {
                    await output.WriteLineAsync("every alternate key is Active");
                }

                return new DeployResult([], plan.Conflicts, []);
            }

            // The wait is counted from the first time keys are found building, so a slow first read still reports progress.
            started ??= time.GetTimestamp();
            var elapsed = time.GetElapsedTime(started.Value);
            if (elapsed >= wait.Timeout)
            {
                return new DeployResult([], [], plan.InactiveKeys);
            }

            await output.WriteLineAsync($"waiting for {plan.InactiveKeys.Length} alternate key(s) to become Active ({elapsed.TotalSeconds:0} s of at most {wait.Timeout.TotalSeconds:0} s)");
            await Task.Delay(wait.Interval, time, cancellationToken);
        }
    }
}
