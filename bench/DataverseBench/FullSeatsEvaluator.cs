using System.Collections.Immutable;
using System.Globalization;
using CrmSuite.Connector.Sync;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.DataverseBench;

/// <summary>
/// The benchmark's playbook, fixed so the write count is known: an account using at least 90% of its seats moves from
/// "watching" to "expand" with one CSM task (a task and a stage write per such account); every other account changes
/// nothing. The engine's cost is measured by EngineBench, not here.
/// </summary>
internal sealed class FullSeatsEvaluator : IAccountEvaluator
{
    private const string Playbook = "seat-expansion-bench";

    public AccountEvaluation Evaluate(IReadOnlyList<PlaybookInstance> instances, in EvaluationContext context)
    {
        var id = context.Account.Id;
        var utilization = context.Signals[SignalOrdinals.SeatUtilization];
        if (instances.Any(i => i.PlaybookId == Playbook) || !(utilization >= 0.9))
        {
            return AccountEvaluation.Nothing;
        }

        var moved = new PlaybookInstance(id, Playbook, 1, "expand", context.Now, 1, 0, []);
        var reason = new Reason("watching", "expand", "seat_utilization >= 0.9",
            [new SignalReading("seat_utilization", utilization.ToString("0.00", CultureInfo.InvariantCulture))]);
        var key = $"{id}_{Playbook}_1";
        Effect[] effects =
        [
            new TransitionEffect(key + "_t", id, Playbook, 1, reason, "watching", "expand"),
            new TaskEffect(key + "_task", id, Playbook, 1, reason, "expand", "Confirm the seat need", context.Today.AddDays(3), "csm",
                TaskPriority.High, ["confirmed", "not_now"]),
        ];
        return new AccountEvaluation([moved], [.. effects]);
    }

    public AccountEvaluation FireEvent(IReadOnlyList<PlaybookInstance> instances, string playbookId, PlaybookEvent playbookEvent, in EvaluationContext context) =>
        AccountEvaluation.Nothing;
}
