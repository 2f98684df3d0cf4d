using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Runtime;

public sealed partial class CompiledPlaybook
{
    /// <summary>How many transitions one evaluation may chain before it stops, so a cycle of true conditions cannot spin.</summary>
    internal const int MaxChainedTransitions = 8;

    private const ulong TrueBits = 0xFFFF_FFFFUL;

    /// <summary>In <see cref="PlaybookInstance.TrueSince"/>: a sustained line spent by a timeout's return, counting only after its condition was false once.</summary>
    internal const int SpentUntilFalse = -2;

    /// <summary>Evaluates an instance against the account's signals and the current time; see <see cref="Evaluate(PlaybookInstance, in EvaluationContext, string?)"/>.</summary>
    internal EvaluationResult Evaluate(PlaybookInstance instance, in EvaluationContext context) => Evaluate(instance, context, null);

    /// <summary>
    /// Tests the current state's signal and time triggers. A condition fires when it becomes true (edge), not again while
    /// it stays true. The first firing transition in declaration order wins; the new state is then evaluated too,
    /// up to <see cref="MaxChainedTransitions"/> hops. <paramref name="preemptedBy"/> names the engaged playbook(s), of any priority,
    /// that pauses this one's upgrade prompts.
    /// </summary>
    internal EvaluationResult Evaluate(PlaybookInstance instance, in EvaluationContext context, string? preemptedBy)
    {
        var result = EvaluateOnce(instance, context, preemptedBy);
        if (!result.Changed || result.Effects.IsEmpty || result.Instance.State == instance.State && result.Instance.Step == instance.Step)
        {
            return result;
        }

        var effects = result.Effects.ToBuilder();
        var current = result.Instance;
        for (var hop = 1; hop < MaxChainedTransitions; hop++)
        {
            var next = EvaluateOnce(current, context, preemptedBy);
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

    /// <summary>Delivers an event (a task outcome, a proposal answer) to the instance's current state.</summary>
    internal EvaluationResult Fire(PlaybookInstance instance, PlaybookEvent playbookEvent, in EvaluationContext context, string? preemptedBy = null)
    {
        var stateIndex = IndexOf(instance.State);
        if (stateIndex < 0)
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

            var fired = Transition(instance, stateIndex, transition, context);
            var chained = Evaluate(fired.Instance, context, preemptedBy);
            return chained.Changed ? new EvaluationResult(chained.Instance, fired.Effects.AddRange(chained.Effects), true) : fired;
        }

        return EvaluationResult.Unchanged(instance);
    }

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
        var today = context.Today.DayNumber;
        var signals = context.Signals;

        for (var i = 0; i < transitions.Length; i++)
        {
            var transition = transitions[i];
            bool isTrue;
            if (transition.IsSignalDriven)
            {
                isTrue = transition.Test!(in signals);
                if (transition.IsSustained)
                {
                    var heldSince = since.IsDefault ? -1 : since[i];
                    var wanted = !isTrue ? -1 : heldSince == SpentUntilFalse ? SpentUntilFalse : heldSince < 0 ? today : heldSince;
                    if (wanted != heldSince)
                    {
                        newSince ??= since.IsDefault ? [.. Enumerable.Repeat(-1, transitions.Length)] : [.. since];
                        newSince[i] = wanted;
                    }

                    isTrue = isTrue && wanted >= 0 && today - wanted >= transition.Days;
                }
            }
            else if (transition.Kind == Playbooks.TriggerKind.After)
            {
                isTrue = (context.Now - instance.EnteredAt).TotalDays >= transition.Days;
            }
            else
            {
                continue;
            }

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
                // Refused, not consumed: the edge stays armed so the transition fires once the guardrail lifts,
                // and the refusal is reported once per step rather than at every sync.
                if ((mask & reportedBit) == 0)
                {
                    newMask |= reportedBit;
                    var updated = instance with { ConditionMask = newMask, TrueSince = newSince is null ? since : [.. newSince] };
                    var refusal = Explain(refused, context, preemptedBy);
                    return new EvaluationResult(updated, [Suppressed(instance, state, transition, refusal, context)], true);
                }

                continue;
            }

            return Transition(instance, stateIndex, transition, context);
        }

        if (newMask == mask && newSince is null)
        {
            return EvaluationResult.Unchanged(instance);
        }

        return new EvaluationResult(instance with { ConditionMask = newMask & (TrueBits | (TrueBits << 32)), TrueSince = newSince is null ? since : [.. newSince] },
            ImmutableArray<Effect>.Empty, true);
    }
}
