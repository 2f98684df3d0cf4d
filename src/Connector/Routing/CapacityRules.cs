using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Routing;

/// <summary>What routing did with one task.</summary>
internal enum RoutingOutcome
{
    /// <summary>Written at once for the account's CSM.</summary>
    Assigned,

    /// <summary>Written at once for a member of the pooled team: the CSM was full.</summary>
    Pooled,

    /// <summary>Held in the state store: everyone it could go to was full that week.</summary>
    Deferred,

    /// <summary>A held task written in a later week with room, its due date moved by the weeks it waited.</summary>
    Released,

    /// <summary>A held task whose state its playbook left before it was written: superseded like an open task.</summary>
    Superseded,
}

/// <summary>A task asking for a slot in a week: new, or held since an earlier week.</summary>
/// <param name="HeldSince">The Monday of the week it was deferred in; null for a new task.</param>
/// <param name="RescueHelp">A help task of a rescue play (<see cref="Routing.RescueHelp"/>): it may bypass capacity.</param>
internal sealed record RoutingCandidate(string Key, string CsmId, TaskPriority Priority, DateOnly? HeldSince = null, bool RescueHelp = false);

/// <summary>Where a candidate went: <see cref="OwnerId"/> is who works it, null while it is held.</summary>
internal sealed record RoutingDecision(RoutingCandidate Candidate, RoutingOutcome Outcome, string? OwnerId)
{
    /// <summary>Written for someone other than the account's CSM.</summary>
    public bool ToPool => OwnerId is not null && OwnerId != Candidate.CsmId;
}

/// <summary>
/// The routing rules, the same for the sync and the backtest (docs/routing.md). Candidates take slots in priority order
/// (urgent first), then held ones before new ones (the longest held first), then by key. A candidate goes to its CSM while
/// the CSM's load for the week is below their capacity; beyond it, in <see cref="RoutingMode.Pool"/>, to the pool member
/// with the lowest load still below their own capacity (ties by the pool's order: round-robin); else it is held. A rescue
/// play's help task goes to its CSM regardless when <see cref="RoutingOptions.RescueHelpBypassesCapacity"/>. Nothing is dropped.
/// </summary>
internal static class CapacityRules
{
    /// <summary>The order candidates take slots in.</summary>
    public static IOrderedEnumerable<RoutingCandidate> InSlotOrder(IEnumerable<RoutingCandidate> candidates) =>
        candidates
            .OrderByDescending(c => c.Priority)
            .ThenBy(c => c.HeldSince is null ? 1 : 0)
            .ThenBy(c => c.HeldSince ?? DateOnly.MinValue)
            .ThenBy(c => c.Key, StringComparer.Ordinal);

    /// <summary>Routes <paramref name="candidates"/> in one week; <paramref name="load"/> (tasks per user that week) grows with each slot taken.</summary>
    public static List<RoutingDecision> Route(IEnumerable<RoutingCandidate> candidates, Dictionary<string, int> load, RoutingOptions options)
    {
        var decisions = new List<RoutingDecision>();
        foreach (var candidate in InSlotOrder(candidates))
        {
            var owner = OwnerFor(candidate, load, options);
            if (owner is null)
            {
                decisions.Add(new RoutingDecision(candidate, RoutingOutcome.Deferred, null));
                continue;
            }

            load[owner] = load.GetValueOrDefault(owner) + 1;
            var outcome = candidate.HeldSince is not null ? RoutingOutcome.Released
                : owner == candidate.CsmId ? RoutingOutcome.Assigned
                : RoutingOutcome.Pooled;
            decisions.Add(new RoutingDecision(candidate, outcome, owner));
        }

        return decisions;
    }

    private static string? OwnerFor(RoutingCandidate candidate, Dictionary<string, int> load, RoutingOptions options)
    {
        var csm = candidate.CsmId;
        if (options.Mode == RoutingMode.Off
            || (candidate.RescueHelp && options.RescueHelpBypassesCapacity)
            || load.GetValueOrDefault(csm) < options.CapacityOf(csm))
        {
            return csm;
        }

        if (options.Mode != RoutingMode.Pool)
        {
            return null;
        }

        string? best = null;
        var bestLoad = int.MaxValue;
        foreach (var member in options.Pool)
        {
            var memberLoad = load.GetValueOrDefault(member);
            if (member != csm && memberLoad < options.CapacityOf(member) && memberLoad < bestLoad)
            {
                best = member;
                bestLoad = memberLoad;
            }
        }

        return best;
    }
}
