using System.Collections.Immutable;
using CrmSuite.Connector.Sync;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Tests.Support;

/// <summary>
/// A hand-written stand-in for the engine: one playbook "seat-expansion" v1 that starts every account in "watching" and,
/// when seat utilization reaches 90%, moves it to "need_confirmed" with a CSM task. Hooks let a test fail or cancel on
/// a chosen account.
/// </summary>
internal sealed class SeatEvaluator : IAccountEvaluator
{
    public const string Playbook = "seat-expansion";

    public string? FailOn { get; set; }

    public (string AccountId, CancellationTokenSource Source)? CancelOn { get; set; }

    public List<string> Evaluated { get; } = [];

    /// <summary>The priority of an account's task (high unless a test says otherwise).</summary>
    public Func<string, TaskPriority> PriorityOf { get; set; } = _ => TaskPriority.High;

    /// <summary>Whether the playbook counts as a rescue play whose tasks are help (capacity routing lets them bypass).</summary>
    public bool RescueHelp { get; set; }

    public bool IsRescueHelp(string playbookId, string state) => RescueHelp;

    public AccountEvaluation Evaluate(IReadOnlyList<PlaybookInstance> instances, in EvaluationContext context)
    {
        var id = context.Account.Id;
        Evaluated.Add(id);
        if (id == FailOn)
        {
            throw new InvalidOperationException($"evaluation of {id} failed (injected)");
        }

        if (CancelOn is { } cancel && cancel.AccountId == id)
        {
            cancel.Source.Cancel();
        }

        var instance = instances.FirstOrDefault(i => i.PlaybookId == Playbook);
        var changed = ImmutableArray.CreateBuilder<PlaybookInstance>();
        if (instance is null)
        {
            instance = new PlaybookInstance(id, Playbook, 1, "watching", context.Now, 0, 0, []);
            changed.Add(instance);
        }

        var utilization = context.Signals[SignalOrdinals.SeatUtilization];
        if (instance.State != "watching" || !(utilization >= 0.9))
        {
            return changed.Count == 0 ? AccountEvaluation.Nothing : new AccountEvaluation(changed.ToImmutable(), []);
        }

        var step = instance.Step + 1;
        var moved = instance with { State = "need_confirmed", Step = step, EnteredAt = context.Now };
        changed.Clear();
        changed.Add(moved);
        var reason = new Reason("watching", "need_confirmed", "seat_utilization >= 0.9", [new SignalReading("seat_utilization", utilization.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))]);
        var key = $"{id}_{Playbook}_{step}";
        Effect[] effects =
        [
            new TransitionEffect(key + "_t", id, Playbook, 1, reason, "watching", "need_confirmed"),
            new TaskEffect(key + "_task", id, Playbook, 1, reason, "need_confirmed", "Confirm the seat need", context.Today.AddDays(3), "csm",
                PriorityOf(id), ["confirmed", "not_now"]),
        ];
        return new AccountEvaluation(changed.ToImmutable(), [.. effects]);
    }

    /// <summary>The stand-in has no outcome transitions: every event changes nothing.</summary>
    public AccountEvaluation FireEvent(IReadOnlyList<PlaybookInstance> instances, string playbookId, PlaybookEvent playbookEvent, in EvaluationContext context) =>
        AccountEvaluation.Nothing;
}
