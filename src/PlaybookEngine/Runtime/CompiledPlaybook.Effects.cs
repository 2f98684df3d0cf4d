using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Signals;
using CrmSuite.PlaybookEngine.Templates;

namespace CrmSuite.PlaybookEngine.Runtime;

public sealed partial class CompiledPlaybook
{
    /// <summary>Moves the instance along a transition (through Stateless) and builds the effects of entering the target.</summary>
    private EvaluationResult Transition(PlaybookInstance instance, int from, CompiledTransition transition, in EvaluationContext context)
    {
        var to = _driver.Fire(from, transition);
        var target = _states[to];
        var step = instance.Step + 1;
        var reason = ReasonFor(_states[from].Name, target.Name, transition, context);
        var accountId = instance.AccountId;

        // Re-entering the same state keeps the fired condition armed, so a condition that stays true fires once.
        var mask = to == from && transition.IsSignalDriven ? 1UL << transition.Index : 0UL;
        var next = instance with
        {
            Version = Version,
            State = target.Name,
            EnteredAt = context.Now,
            Step = step,
            ConditionMask = mask,
            TrueSince = SustainTracking(target),
        };

        var effects = ImmutableArray.CreateBuilder<Effect>(1 + target.Definition.Tasks.Length + target.Definition.Proposals.Length);
        effects.Add(new TransitionEffect(IdempotencyKey.For(accountId, Id, step, "t", 0), accountId, Id, Version, reason, _states[from].Name, target.Name));
        var today = context.Today;
        var tasks = target.Definition.Tasks;
        if (!tasks.IsEmpty)
        {
            var model = TemplateModel(context, target.Name);
            for (var i = 0; i < tasks.Length; i++)
            {
                var task = tasks[i];
                effects.Add(new TaskEffect(IdempotencyKey.For(accountId, Id, step, "task", i), accountId, Id, Version, reason, target.Name,
                    PlaybookTemplates.Render(task.Subject, model), today.AddDays(task.DueDays), task.OwnerRole, task.Priority, task.Outcomes));
            }
        }

        var proposals = target.Definition.Proposals;
        for (var i = 0; i < proposals.Length; i++)
        {
            effects.Add(new ProposalEffect(IdempotencyKey.For(accountId, Id, step, "proposal", i), accountId, Id, Version, reason, target.Name,
                proposals[i].OfferId, today.AddDays(proposals[i].ValidDays)));
        }

        return new EvaluationResult(next, effects.MoveToImmutable(), true);
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

        if (guardrails.MaxUpgradePromptsPer30Days is { } budget && context.History.PromptsWithin(today, 30) >= budget)
        {
            return GuardrailKind.ContactBudget;
        }

        return null;
    }

    /// <summary>The refusal <see cref="Refused"/> found, with the facts the rule saw in words.</summary>
    private GuardrailRefusal Explain(GuardrailKind kind, in EvaluationContext context, string? preemptedBy) => kind switch
    {
        GuardrailKind.Preempted => new(kind, $"playbook `{preemptedBy}` is engaged with this account"),
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
    /// Renders playbook text of <paramref name="state"/> (a talk track, an objection script) with the account's values, as
    /// the effects of entering that state render their subjects.
    /// </summary>
    public string RenderText(string text, string state, in EvaluationContext context) =>
        PlaybookTemplates.Render(text, TemplateModel(context, state));

    /// <summary>The variables of <see cref="TemplateVariables"/>, filled for one account.</summary>
    private Dictionary<string, object?> TemplateModel(in EvaluationContext context, string state)
    {
        var signals = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var signal in Catalog.Signals)
        {
            var value = context.Signals[signal.Ordinal];
            signals[signal.Name] = double.IsNaN(value) ? null
                : signal.Kind is SignalKind.Enum or SignalKind.Date or SignalKind.Boolean ? SignalFormatter.Format(signal, value) : value;
        }

        string? Text(int ordinal) => signals[Catalog.Signals[ordinal].Name]?.ToString();
        var account = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = context.Account.Id,
            ["name"] = context.Account.Name,
            ["segment"] = context.Account.Segment,
            ["industry"] = context.Account.Industry,
            ["lifecycle_stage"] = context.Account.LifecycleStage,
            ["csm"] = context.Account.CsmId,
            ["tier"] = Text(SignalOrdinals.Tier),
            ["seats"] = signals["seats"],
            ["seats_used"] = signals["seats_used"],
            ["renewal_date"] = Text(SignalOrdinals.RenewalDate),
            ["mrr"] = signals["mrr"],
        };
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["account"] = account,
            ["signals"] = signals,
            ["playbook"] = new Dictionary<string, object?> { ["id"] = Id, ["title"] = Definition.Title, ["version"] = Version },
            ["state"] = new Dictionary<string, object?> { ["name"] = state },
        };
    }
}
