using CrmSuite.Connector.Routing;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Backtest;

/// <summary>One user's week under capacity routing: what their accounts' tasks became and how many tasks they worked.</summary>
/// <param name="Assigned">Tasks of the user's accounts written to the user that week (new, or released after a deferral).</param>
/// <param name="Pooled">Tasks of the user's accounts given to a pool member that week.</param>
/// <param name="Deferred">Tasks of the user's accounts still held at the end of the week.</param>
/// <param name="Load">Tasks the user worked that week: assigned plus those the pool gave them.</param>
internal readonly record struct RoutedWeek(int Assigned, int Pooled, int Deferred, int Load);

/// <summary>
/// The sync's routing (<see cref="CapacityRules"/>) applied to a replay's weeks: at the start of each week the tasks held
/// from earlier weeks take the free slots (as the week's first sync releases them), then the week's new tasks, in priority
/// order. Unlike a sync, which routes tasks as they come (in priority order within a page), the replay routes a week's new
/// tasks together.
/// </summary>
internal static class BacktestRouting
{
    public static Dictionary<string, RoutedWeek>[] Apply(IReadOnlyList<WeekTally> weeks, BacktestWindow window, RoutingOptions options)
    {
        var result = new Dictionary<string, RoutedWeek>[weeks.Count];
        var held = new List<RoutingCandidate>();
        for (var w = 0; w < weeks.Count; w++)
        {
            var start = window.WeekStart(w);
            var load = new Dictionary<string, int>(StringComparer.Ordinal);
            var routed = new Dictionary<string, RoutedWeek>(StringComparer.Ordinal);
            var released = CapacityRules.Route(held, load, options);
            var fresh = CapacityRules.Route(New(weeks[w], w), load, options);
            held = [];
            foreach (var decision in released.Concat(fresh))
            {
                var csm = decision.Candidate.CsmId;
                var week = routed.GetValueOrDefault(csm);
                if (decision.Outcome == RoutingOutcome.Deferred)
                {
                    held.Add(decision.Candidate with { HeldSince = decision.Candidate.HeldSince ?? start });
                    week = week with { Deferred = week.Deferred + 1 };
                }
                else if (decision.ToPool)
                {
                    week = week with { Pooled = week.Pooled + 1 };
                }
                else
                {
                    week = week with { Assigned = week.Assigned + 1 };
                }

                routed[csm] = week;
            }

            foreach (var (user, tasks) in load)
            {
                routed[user] = routed.GetValueOrDefault(user) with { Load = tasks };
            }

            result[w] = routed;
        }

        return result;
    }

    // A week's new tasks, one candidate each; their keys only need to order them the same on every run.
    private static IEnumerable<RoutingCandidate> New(WeekTally week, int index)
    {
        foreach (var (csm, byPriority) in week.TasksByCsmPriority)
        {
            for (var p = 0; p < byPriority.Length; p++)
            {
                for (var i = 0; i < byPriority[p]; i++)
                {
                    // Rescue help is counted in its own slot; its priority only orders it among the bypassing tasks.
                    var rescueHelp = p == WeekTally.RescueHelpSlot;
                    yield return new RoutingCandidate($"{index:D4}/{csm}/{p}/{i:D7}", csm, rescueHelp ? TaskPriority.Urgent : (TaskPriority)p, RescueHelp: rescueHelp);
                }
            }
        }
    }
}
