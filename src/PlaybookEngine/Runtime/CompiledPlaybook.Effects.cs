using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Experiments;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Signals;
using CrmSuite.PlaybookEngine.Templates;

namespace CrmSuite.PlaybookEngine.Runtime;

public sealed partial class CompiledPlaybook
{
    // A proposal line without `valid:` leaves the validity to the offer; without the offer at hand, the runtime dates it so.
    private const int DefaultValidDays = 30;

    // The account fields of TemplateVariables.AccountFields, in the order a template iterating `account` sees them.
    private static readonly string[] AccountFieldOrder =
        ["id", "name", "segment", "industry", "lifecycle_stage", "csm", "tier", "seats", "seats_used", "renewal_date", "mrr"];

    /// <summary>Moves the instance along a transition (through Stateless) and builds the effects of entering the target.</summary>
    private EvaluationResult Transition(PlaybookInstance instance, int from, CompiledTransition transition, in EvaluationContext context)
    {
        var to = _driver.Fire(from, transition);
        var target = _states[to];
        var step = instance.Step + 1;
        var reason = ReasonFor(_states[from].Name, target.Name, transition, context) with { Passed = PassedGuardrails(target, context) };
        var accountId = instance.AccountId;

        // Re-entering the same state keeps the fired condition armed, so a condition that stays true fires once.
        var mask = to == from && transition.IsSignalDriven ? 1UL << transition.Index : 0UL;
        var since = SustainTracking(target);
        if (transition.Kind == TriggerKind.After)
        {
            (mask, since) = NoBounceBack(target, from, mask, since, context);
        }

        var next = instance with
        {
            Version = Version,
            State = target.Name,
            EnteredAt = context.Now,
            Step = step,
            ConditionMask = mask,
            TrueSince = since,
        };

        var effects = ImmutableArray.CreateBuilder<Effect>(1 + target.Definition.Tasks.Length + target.Definition.Proposals.Length);
        effects.Add(new TransitionEffect(IdempotencyKey.For(accountId, Id, step, "t", 0), accountId, Id, Version, reason, _states[from].Name, target.Name));
        var today = context.Today;
        var tasks = target.Definition.Tasks;
        if (!tasks.IsEmpty)
        {
            var model = TemplateModel(context, target.Name, target.SubjectUses);
            for (var i = 0; i < tasks.Length; i++)
            {
                var task = tasks[i];
                var (choice, variant) = ChooseVariant(instance, target.Name, "task", i, task.Variants);
                effects.Add(new TaskEffect(IdempotencyKey.For(accountId, Id, step, "task", i), accountId, Id, Version, reason, target.Name,
                    PlaybookTemplates.Render(variant?.Text ?? task.Subject, model), DueDate(target, task, context), task.OwnerRole, task.Priority, task.Outcomes)
                {
                    Variant = choice,
                });
            }
        }

        var proposals = target.Definition.Proposals;
        for (var i = 0; i < proposals.Length; i++)
        {
            var (choice, variant) = ChooseVariant(instance, target.Name, "proposal", i, proposals[i].Variants);
            effects.Add(new ProposalEffect(IdempotencyKey.For(accountId, Id, step, "proposal", i), accountId, Id, Version, reason, target.Name,
                proposals[i].OfferId, today.AddDays(proposals[i].ValidDays ?? DefaultValidDays), proposals[i].ValidDays)
            {
                Variant = choice,
                Message = variant is null ? null : PlaybookTemplates.Render(variant.Text, TemplateModel(context, target.Name, target.MessageUses)),
            });
        }

        return new EvaluationResult(next, effects.MoveToImmutable(), true);
    }

    /// <summary>
    /// The message variant of a task or proposal with variant lines: index 0 is the control (the message as written), then
    /// the variant lines in file order, picked by <see cref="ExperimentAssignment.Variant"/> under the experiment the
    /// instance was treated under (else the playbook's). Null and null without variant lines or without an experiment.
    /// </summary>
    private (VariantChoice? Choice, MessageVariantDefinition? Variant) ChooseVariant(
        PlaybookInstance instance, string state, string kind, int index, ImmutableArray<MessageVariantDefinition> variants)
    {
        if (variants.IsEmpty || (instance.Experiment ?? Definition.Experiment?.Id) is not { } experiment)
        {
            return (null, null);
        }

        var set = $"{state}/{kind}/{index + 1}";
        var pick = ExperimentAssignment.Variant(instance.AccountId, Id, experiment, set, variants.Length + 1);
        return pick == 0
            ? (new VariantChoice(experiment, set, MessageVariantDefinition.Control), null)
            : (new VariantChoice(experiment, set, variants[pick - 1].Name), variants[pick - 1]);
    }

    /// <summary>
    /// A timeout does not bounce back: when <c>after N days</c> leads from state <paramref name="from"/> to
    /// <paramref name="target"/>, the target's signal-driven lines that lead straight back to <paramref name="from"/> and are
    /// true on arrival count as already fired. They fire again only after their condition has been false once (a
    /// <c>for N days</c> line starts counting only then), so an unanswered task is not reopened by the same condition.
    /// </summary>
    private static (ulong Mask, ImmutableArray<int> Since) NoBounceBack(CompiledState target, int from, ulong mask, ImmutableArray<int> since, in EvaluationContext context)
    {
        int[]? spent = null;
        var signals = context.Signals;
        foreach (var line in target.Transitions)
        {
            if (line.Target != from || !line.IsSignalDriven || !line.Test!(in signals))
            {
                continue;
            }

            if (line.IsSustained)
            {
                spent ??= [.. since];
                spent[line.Index] = SpentUntilFalse;
            }
            else
            {
                mask |= 1UL << line.Index;
            }
        }

        return (mask, spent is null ? since : [.. spent]);
    }

    /// <summary>
    /// A task's due date: the day the state is entered plus its <c>due</c>, but never after the event it prepares: its
    /// <c>deadline:</c> (the renewal, the trial's end) and the day the state itself ends by the clock (its
    /// <c>N days before renewal</c> or <c>at trial end</c> line). Never before today; an unknown date sets no limit.
    /// </summary>
    internal static DateOnly DueDate(CompiledState state, TaskDefinition task, in EvaluationContext context)
    {
        var today = context.Today;
        var due = today.AddDays(task.DueDays);
        var signals = context.Signals;
        var toRenewal = signals[SignalOrdinals.DaysToRenewal];
        var toTrialEnd = signals[SignalOrdinals.TrialDaysLeft];

        void Limit(double daysFromToday, ref DateOnly date)
        {
            if (!double.IsNaN(daysFromToday))
            {
                var limit = today.AddDays((int)Math.Max(0, Math.Min(daysFromToday, task.DueDays)));
                date = limit < date ? limit : date;
            }
        }

        Limit(task.Deadline == TaskDeadline.Renewal ? toRenewal : double.NaN, ref due);
        Limit(task.Deadline == TaskDeadline.TrialEnd || state.LeavesAtTrialEnd ? toTrialEnd : double.NaN, ref due);
        Limit(state.LeavesDaysBeforeRenewal >= 0 ? toRenewal - state.LeavesDaysBeforeRenewal : double.NaN, ref due);
        return due;
    }

    /// <summary>
    /// Which guardrail forbids entering <paramref name="target"/> now, or null when none does. Allocates nothing: a refusal
    /// already reported is tested again at every evaluation, and only a new one is described (<see cref="Explain"/>).
    /// </summary>
    private GuardrailKind? Refused(CompiledState target, in EvaluationContext context, string? preemptedBy)
    {
        if (!target.PromptsUpgrade)
        {
            return null;
        }

        if (preemptedBy is not null)
        {
            return GuardrailKind.Preempted;
        }

        var guardrails = Definition.Guardrails;
        if (guardrails.ExcludeChurnRisk && context.Signals[SignalOrdinals.ChurnRisk] == 1)
        {
            return GuardrailKind.ChurnRisk;
        }

        var today = context.Today;
        if (guardrails.QuietDaysAfterDecline is { } quiet && context.History.LastDeclinedOn is { } declined && today.DayNumber - declined.DayNumber < quiet)
        {
            return GuardrailKind.QuietPeriod;
        }

        if (context.Policy is { } policy)
        {
            return PolicyRefusal(target, policy, context);
        }

        if (guardrails.MaxUpgradePromptsPer30Days is { } budget && context.History.PromptsWithin(today, 30) >= budget)
        {
            return GuardrailKind.ContactBudget;
        }

        return null;
    }

    /// <summary>The refusal <see cref="Refused"/> found, with the facts the rule saw in words.</summary>
    private GuardrailRefusal Explain(GuardrailKind kind, in EvaluationContext context, string? preemptedBy) => kind switch
    {
        GuardrailKind.Preempted => new(kind, preemptedBy!.Contains('`', StringComparison.Ordinal)
            ? $"playbooks `{preemptedBy}` are engaged with this account"
            : $"playbook `{preemptedBy}` is engaged with this account") { TakenBy = [.. preemptedBy.Split("`, `")] },
        GuardrailKind.AccountTouchBudget or GuardrailKind.ContactTouchBudget => ExplainBudget(kind, context.Policy!, context),
        GuardrailKind.ChurnRisk => new(kind, "the account is at churn risk"),
        GuardrailKind.QuietPeriod =>
            new(kind, $"a proposal was declined on {context.History.LastDeclinedOn.GetValueOrDefault():yyyy-MM-dd}, quiet for {Definition.Guardrails.QuietDaysAfterDecline} days"),
        _ => new(kind, $"{Definition.Guardrails.MaxUpgradePromptsPer30Days} upgrade prompt(s) already in the last 30 days (contact budget across all playbooks)"),
    };

    private SuppressedEffect Suppressed(PlaybookInstance instance, CompiledState from, CompiledTransition transition, GuardrailRefusal refusal, in EvaluationContext context) =>
        new(IdempotencyKey.For(instance.AccountId, Id, instance.Step, "suppressed", transition.Index), instance.AccountId, Id, Version,
            ReasonFor(from.Name, _states[transition.Target].Name, transition, context), from.Name, _states[transition.Target].Name, refusal);

    private Reason ReasonFor(string from, string to, CompiledTransition transition, in EvaluationContext context) =>
        new(from, to, transition.Trigger, SignalFormatter.Readings(Catalog, transition.SignalOrdinals, context.Signals));

    /// <summary>
    /// Renders playbook Markdown of <paramref name="state"/> (a talk track, an objection script) with the account's values,
    /// as the effects of entering that state render their subjects, except that every value the template writes is escaped
    /// for Markdown: CRM text (an account name such as <c>[Renew now](https://…)</c>) shows as text, never as a link or emphasis.
    /// </summary>
    /// <exception cref="TemplateLimitExceededException">The render went beyond the template limits.</exception>
    public string RenderMarkdown(string markdown, string state, in EvaluationContext context) =>
        PlaybookTemplates.RenderMarkdown(markdown, TemplateModel(context, state, PlaybookTemplates.UsesOf(markdown)));

    /// <summary>
    /// The variables of <see cref="TemplateVariables"/> that <paramref name="uses"/> reads, filled for one account: a task
    /// subject names a few of them, and the rest would only be computed, boxed and thrown away on every transition.
    /// </summary>
    private Dictionary<string, object?> TemplateModel(in EvaluationContext context, string state, TemplateUses uses)
    {
        var model = new Dictionary<string, object?>(4, StringComparer.Ordinal);
        if (uses.Reads("signals"))
        {
            var signals = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var signal in Catalog.Signals)
            {
                if (uses.Reads("signals", signal.Name))
                {
                    signals[signal.Name] = SignalValue(signal, context);
                }
            }

            model["signals"] = signals;
        }

        if (uses.Reads("account"))
        {
            var account = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var field in AccountFieldOrder)
            {
                if (uses.Reads("account", field))
                {
                    account[field] = AccountField(field, context);
                }
            }

            model["account"] = account;
        }

        if (uses.Reads("playbook"))
        {
            model["playbook"] = new Dictionary<string, object?> { ["id"] = Id, ["title"] = Definition.Title, ["version"] = Version };
        }

        if (uses.Reads("state"))
        {
            model["state"] = new Dictionary<string, object?> { ["name"] = state };
        }

        return model;
    }

    private object? AccountField(string field, in EvaluationContext context) => field switch
    {
        "id" => context.Account.Id,
        "name" => context.Account.Name,
        "segment" => context.Account.Segment,
        "industry" => context.Account.Industry,
        "lifecycle_stage" => context.Account.LifecycleStage,
        "csm" => context.Account.CsmId,
        "tier" => SignalValue(Catalog.Signals[SignalOrdinals.Tier], context)?.ToString(),
        "seats" => SignalValue(Catalog.Signals[SignalOrdinals.Seats], context),
        "seats_used" => SignalValue(Catalog.Signals[SignalOrdinals.SeatsUsed], context),
        "renewal_date" => SignalValue(Catalog.Signals[SignalOrdinals.RenewalDate], context)?.ToString(),
        _ => SignalValue(Catalog.Signals[SignalOrdinals.Mrr], context),
    };

    // A signal as templates see it: null when unknown, enums, dates and flags as their text, numbers as numbers.
    private static object? SignalValue(SignalDefinition signal, in EvaluationContext context)
    {
        var value = context.Signals[signal.Ordinal];
        return double.IsNaN(value) ? null
            : signal.Kind is SignalKind.Enum or SignalKind.Date or SignalKind.Boolean ? SignalFormatter.Format(signal, value) : value;
    }
}
