using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Workbench;

/// <summary>The in-flight instances of one state today, and where publishing the new version puts them.</summary>
internal sealed record StateImpact(long InFlight, string Versions, string Placement);

/// <summary>
/// Where the instances sitting in a changed state go when the new version is published: asked of the runtime's own
/// migration (<see cref="CompiledPlaybook.Migrate"/>), never worked out here.
/// </summary>
internal static class MigrationImpact
{
    public static StateImpact Of(string state, IReadOnlyList<InstanceCount> counts, CompiledPlaybook? target, bool inForce)
    {
        var here = counts.Where(c => c.State == state).ToList();
        var total = here.Sum(c => c.Count);
        var versions = string.Join(", ", here.Select(c => $"{c.Count} on v{c.Version}"));
        if (total == 0)
        {
            return new StateImpact(0, "", "none today");
        }

        if (target is null)
        {
            return new StateImpact(total, versions, "the playbook is gone from the new files: no longer evaluated");
        }

        var placements = here.Select(c => Place(c, target)).Distinct(StringComparer.Ordinal).ToList();
        var placement = string.Join("; ", placements);
        return new StateImpact(total, versions, inForce ? placement : $"{placement} (once the new version is approved)");
    }

    private static string Place(InstanceCount count, CompiledPlaybook target)
    {
        if (count.Version == target.Version)
        {
            return target.Definition.FindState(count.State) is null
                ? $"stuck: already on v{count.Version}, whose state `{count.State}` is gone; raise the version so migration reports them"
                : $"stay in `{count.State}` (already on v{count.Version}, not migrated)";
        }

        var probe = new PlaybookInstance("(any account)", count.PlaybookId, count.Version, count.State, DateTimeOffset.UnixEpoch, 0, 0, []);
        var (placed, _) = target.Migrate(probe);
        return placed is null
            ? $"not placed: stay frozen on v{count.Version} in `{count.State}` until a version has that state (listed by `crmsuite status`)"
            : $"move to v{placed.Version} in `{placed.State}`, keeping their entry time; edges and `for N days` counts start afresh";
    }
}
