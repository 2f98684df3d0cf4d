using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Runtime;

public sealed partial class CompiledPlaybook
{
    /// <summary>How many moves one evaluation may make in all (an event's own move included), so a cycle of true conditions cannot spin.</summary>
    internal const int MaxChainedTransitions = 8;

    private const ulong TrueBits = 0xFFFF_FFFFUL;

    /// <summary>In <see cref="PlaybookInstance.TrueSince"/>: a sustained line spent by a timeout's return, counting only after its condition was false once.</summary>
    internal const int SpentUntilFalse = -2;

    /// <summary>Evaluates an instance against the account's signals and the current time; see <see cref="Evaluate(PlaybookInstance, in EvaluationContext, string?)"/>.</summary>
    internal EvaluationResult Evaluate(PlaybookInstance instance, in EvaluationContext context) => Evaluate(instance, context, null);

    /// <summary>
    /// Tests the current state's signal and time triggers. A condition fires when it becomes true (edge), not again while
    /// it stays true. The first firing transition in declaration order wins; the new state is then evaluated too,
    /// up to <see cref="MaxChainedTransitions"/> moves. <paramref name="preemptedBy"/> names the engaged playbook(s), of any priority,
    /// that pauses this one's upgrade prompts.
    /// </summary>
    internal EvaluationResult Evaluate(PlaybookInstance instance, in EvaluationContext context, string? preemptedBy) =>
        Chain(instance, EvaluateOnce(instance, context, preemptedBy), context, preemptedBy);

    /// <summary>
    /// Delivers an event (a task outcome, a proposal answer) to the instance's current state. An event that answers a task
    /// or proposal of an earlier visit to the state (<see cref="AnswersCurrentVisit"/>) changes nothing.
    /// </summary>
    internal EvaluationResult Fire(PlaybookInstance instance, PlaybookEvent playbookEvent, in EvaluationContext context, string? preemptedBy = null)
    {
        var stateIndex = IndexOf(instance.State);
        if (stateIndex < 0 || !AnswersCurrentVisit(instance, playbookEvent))
        {
            return EvaluationResult.Unchanged(instance);
        }

        foreach (var transition in _states[stateIndex].Transitions)
        {
            if (!transition.Matches(playbookEvent))
            {
                continue;
            }

            if (Refused(_states[transition.Target], context, preemptedBy) is { } refused)
            {
                var refusal = Explain(refused, context, preemptedBy);
                return new EvaluationResult(instance, [Suppressed(instance, _states[stateIndex], transition, refusal, context)], true);
            }

            return Chain(instance, Transition(instance, stateIndex, transition, context), context, preemptedBy);
        }

        return EvaluationResult.Unchanged(instance);
    }

    /// <summary>
    /// True when <paramref name="playbookEvent"/> names no task or proposal, or names one that the instance's current visit
    /// of its state opened: its key was made from the instance's current step. False for an answer to an earlier visit.
    /// </summary>
    public bool AnswersCurrentVisit(PlaybookInstance instance, PlaybookEvent playbookEvent)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(playbookEvent);
        if (playbookEvent.Key is not { } key)
        {
            return true;
        }

        var stateIndex = IndexOf(instance.State);
        if (stateIndex < 0)
        {
            return false;
        }

        var state = _states[stateIndex].Definition;
        var (kind, count) = playbookEvent.Kind == PlaybookEventKind.TaskOutcome ? ("task", state.Tasks.Length) : ("proposal", state.Proposals.Length);
        for (var i = 0; i < count; i++)
        {
            if (string.Equals(key, IdempotencyKey.For(instance.AccountId, Id, instance.Step, kind, i), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// After a move, evaluates each new state in turn until one where nothing moves, for at most
    /// <see cref="MaxChainedTransitions"/> moves in all, <paramref name="first"/>'s included.
    /// </summary>
    private EvaluationResult Chain(PlaybookInstance before, EvaluationResult first, in EvaluationContext context, string? preemptedBy)
    {
        // Stryker disable once Logical : equivalent, chaining from an unmoved instance finds nothing more to move
        if (!first.Changed || first.Instance.Step == before.Step)
        {
            return first;
        }

        var effects = first.Effects.ToBuilder();
        var current = first.Instance;
        for (var moves = 1; moves < MaxChainedTransitions; moves++)
        {
            var next = EvaluateOnce(current, context, preemptedBy);
            // Stryker disable once Statement : equivalent, an unchanged result adds no effect and the `moved` test below stops the chain
            if (!next.Changed)
            {
                break;
            }

            effects.AddRange(next.Effects);
            var moved = next.Instance.Step != current.Step;
            current = next.Instance;
            if (!moved)
            {
                break;
            }
        }

        return new EvaluationResult(current, effects.ToImmutable(), true);
    }

    /// <summary>
    /// Tests every line of the current state once, in order, and keeps each line's bookkeeping (its edge, its
    /// <c>for N days</c> count) whatever another line does. The first line that fires and is allowed wins; a refused line
    /// is reported the first time it is refused in the step and stays armed, and the lines after it are still tested.
    /// </summary>
    private EvaluationResult EvaluateOnce(PlaybookInstance instance, in EvaluationContext context, string? preemptedBy)
    {
        var stateIndex = IndexOf(instance.State);
        if (stateIndex < 0)
        {
            return EvaluationResult.Unchanged(instance);
        }

        var state = _states[stateIndex];
        var transitions = state.Transitions;
        var mask = instance.ConditionMask;
        var newMask = mask;
        var since = instance.TrueSince;
        int[]? newSince = null;
        ImmutableArray<Effect>.Builder? refusals = null;
        var today = context.Today.DayNumber;
        var signals = context.Signals;

        for (var i = 0; i < transitions.Length; i++)
        {
            var transition = transitions[i];
            if (!transition.IsSignalDriven && transition.Kind != Playbooks.TriggerKind.After)
            {
                continue; // an event's line: it fires through Fire, never here
            }

            var isTrue = transition.IsSignalDriven
                ? Holds(transition, transitions.Length, since, ref newSince, today, signals)
                : (context.Now - instance.EnteredAt).TotalDays >= transition.Days;

            var bit = 1UL << i;
            var reportedBit = bit << 32;
            if (!isTrue)
            {
                newMask &= ~(bit | reportedBit);
                continue;
            }

            if ((mask & bit) != 0 && transition.IsSignalDriven)
            {
                continue;
            }

            if (Refused(_states[transition.Target], context, preemptedBy) is { } refused)
            {
                // Refused, not consumed: the edge stays armed so the transition fires once the guardrail lifts, and the
                // refusal is reported once per step rather than at every sync. The lines after it are still tested.
                if ((mask & reportedBit) == 0)
                {
                    newMask |= reportedBit;
                    (refusals ??= ImmutableArray.CreateBuilder<Effect>()).Add(Suppressed(instance, state, transition, Explain(refused, context, preemptedBy), context));
                }

                continue;
            }

            var moved = Transition(instance, stateIndex, transition, context);
            return refusals is null ? moved : moved with { Effects = refusals.ToImmutable().AddRange(moved.Effects) };
        }

        if (newMask == mask && newSince is null)
        {
            return EvaluationResult.Unchanged(instance);
        }

        return new EvaluationResult(instance with { ConditionMask = newMask & (TrueBits | (TrueBits << 32)), TrueSince = newSince is null ? since : [.. newSince] },
            refusals?.ToImmutable() ?? ImmutableArray<Effect>.Empty, true);
    }

    /// <summary>
    /// Whether a signal-driven line holds now. A <c>for N days</c> line holds on its Nth calendar day in a row (the first
    /// true day counts as day 1); its first true day is kept in <paramref name="newSince"/>, a copy of
    /// <paramref name="since"/> (one slot per line of the state, <paramref name="lines"/>) made on the first change.
    /// </summary>
    private static bool Holds(CompiledTransition transition, int lines, ImmutableArray<int> since, ref int[]? newSince, int today, in SignalVector signals)
    {
        var isTrue = transition.Test!(in signals);
        if (!transition.IsSustained)
        {
            return isTrue;
        }

        var i = transition.Index;
        var heldSince = since.IsDefault ? -1 : since[i];
        var wanted = !isTrue ? -1 : heldSince == SpentUntilFalse ? SpentUntilFalse : heldSince < 0 ? today : heldSince;
        if (wanted != heldSince)
        {
            newSince ??= since.IsDefault ? [.. Enumerable.Repeat(-1, lines)] : [.. since];
            newSince[i] = wanted;
        }

        return isTrue && wanted >= 0 && today - wanted + 1 >= transition.Days;
    }
}
