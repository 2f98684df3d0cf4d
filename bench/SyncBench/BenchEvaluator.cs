using System.Collections.Immutable;
using System.Globalization;
using CrmSuite.Connector.Sync;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.SyncBench;

/// <summary>
/// A hand-written stand-in for the engine's runtime until it lands, shaped like the shipped plays: "seat-expansion"
/// (watching → need_confirmed on sustained seat utilization near renewal, with a CSM task, then a proposal) and
/// "churn-rescue" (watching → rescue on churn risk, with an urgent task). Every account starts both instances on first
/// sight; the common case (nothing fires) returns without allocating, as the real runtime is designed to.
/// </summary>
internal sealed class BenchEvaluator : IAccountEvaluator
{
    private const string Seat = "seat-expansion";
    private const string Churn = "churn-rescue";

    public AccountEvaluation Evaluate(IReadOnlyList<PlaybookInstance> instances, in EvaluationContext context)
    {
        PlaybookInstance? seat = null, churn = null;
        for (var i = 0; i < instances.Count; i++)
        {
            var instance = instances[i];
            if (instance.PlaybookId == Seat)
            {
                seat = instance;
            }
            else if (instance.PlaybookId == Churn)
            {
                churn = instance;
            }
        }

        var s = context.Signals;
        var seatFires = seat is null || seat.State == "watching"
            ? s[SignalOrdinals.SeatUtilizationMin28d] >= 0.9 && s[SignalOrdinals.DaysToRenewal] <= 120 && !(s[SignalOrdinals.ChurnRisk] >= 1)
            : seat.State == "need_confirmed" && s[SignalOrdinals.DaysToRenewal] <= 60;
        var churnFires = (churn is null || churn.State == "watching") && s[SignalOrdinals.ChurnRisk] >= 1;
        if (seat is not null && churn is not null && !seatFires && !churnFires)
        {
            return AccountEvaluation.Nothing;
        }

        var id = context.Account.Id;
        var changed = ImmutableArray.CreateBuilder<PlaybookInstance>(2);
        var effects = ImmutableArray.CreateBuilder<Effect>();
        seat ??= Start(id, Seat, context.Now, changed);
        churn ??= Start(id, Churn, context.Now, changed);
        if (seatFires)
        {
            var to = seat.State == "watching" ? "need_confirmed" : "proposal";
            Fire(seat, to, context, changed, effects, new Reason(
                to == "need_confirmed" ? "seat_utilization_min_28d >= 90% and days_to_renewal <= 120" : "days_to_renewal <= 60",
                [Reading("seat_utilization_min_28d", s[SignalOrdinals.SeatUtilizationMin28d]), Reading("days_to_renewal", s[SignalOrdinals.DaysToRenewal])]));
        }

        if (churnFires)
        {
            Fire(churn, "rescue", context, changed, effects, new Reason("churn_risk", [Reading("health", s[SignalOrdinals.Health])]));
        }

        return new AccountEvaluation(changed.ToImmutable(), effects.ToImmutable());
    }

    private static PlaybookInstance Start(string accountId, string playbook, DateTimeOffset now, ImmutableArray<PlaybookInstance>.Builder changed)
    {
        var instance = new PlaybookInstance(accountId, playbook, 1, "watching", now, 0, 0, []);
        changed.Add(instance);
        return instance;
    }

    private static void Fire(
        PlaybookInstance instance,
        string to,
        in EvaluationContext context,
        ImmutableArray<PlaybookInstance>.Builder changed,
        ImmutableArray<Effect>.Builder effects,
        Reason reason)
    {
        var step = instance.Step + 1;
        var moved = instance with { State = to, Step = step, EnteredAt = context.Now };
        var index = changed.IndexOf(instance);
        if (index >= 0)
        {
            changed[index] = moved;
        }
        else
        {
            changed.Add(moved);
        }

        var key = $"{instance.AccountId}-{instance.PlaybookId}-{step}";
        var id = instance.AccountId;
        effects.Add(new TransitionEffect(key + "-t", id, instance.PlaybookId, 1, reason, instance.State, to));
        if (to == "proposal")
        {
            effects.Add(new ProposalEffect(key + "-p", id, instance.PlaybookId, 1, reason, to, "professional-annual", context.Today.AddDays(30)));
        }
        else
        {
            effects.Add(new TaskEffect(key + "-k", id, instance.PlaybookId, 1, reason, to,
                to == "rescue" ? "Call about the falling health score" : "Confirm the seat need before renewal",
                context.Today.AddDays(to == "rescue" ? 1 : 5), "csm", to == "rescue" ? TaskPriority.Urgent : TaskPriority.High,
                ["done", "not_now"]));
        }
    }

    private static SignalReading Reading(string name, double value) =>
        new(name, double.IsNaN(value) ? "missing" : value.ToString("0.###", CultureInfo.InvariantCulture));
}
