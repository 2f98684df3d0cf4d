using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>
/// The compiled playbooks in force, evaluated together per account in priority order: a playbook that preempts a
/// category (churn rescue preempts upgrade plays) pauses those plays' upgrade prompts while it is engaged, and the
/// contact budget is shared across all plays.
/// </summary>
public sealed class PlaybookRuntime
{
    private readonly CompiledPlaybook[] _ordered;

    /// <summary>Orders <paramref name="playbooks"/> by priority, highest first, then by id.</summary>
    public PlaybookRuntime(IEnumerable<CompiledPlaybook> playbooks)
    {
        _ordered = [.. playbooks.OrderByDescending(p => p.Priority).ThenBy(p => p.Id, StringComparer.Ordinal)];
        Playbooks = [.. _ordered];
    }

    /// <summary>In evaluation order: highest priority first.</summary>
    public ImmutableArray<CompiledPlaybook> Playbooks { get; }

    /// <summary>Compiles every error-free playbook of a library. Drafts and retired versions are left out unless asked for.</summary>
    public static PlaybookRuntime FromLibrary(PlaybookLibrary library, SignalCatalog catalog, bool includeDrafts = false) =>
        new(library.Playbooks
            .Where(p => p.Status == PlaybookStatus.Approved || (includeDrafts && p.Status == PlaybookStatus.Draft))
            .Select(p => CompiledPlaybook.Compile(p, catalog)));

    /// <summary>The compiled playbook with this id, or null when it is not in force (unknown, a draft, retired or broken).</summary>
    public CompiledPlaybook? Find(string playbookId) => Array.Find(_ordered, p => p.Id == playbookId);

    /// <summary>Evaluates every applicable playbook for one account; <paramref name="instances"/> are its stored instances.</summary>
    public AccountEvaluation EvaluateAccount(IReadOnlyList<PlaybookInstance> instances, in EvaluationContext context) =>
        Run(instances, context, null, null);

    /// <summary>Delivers a CRM event (a task outcome, a proposal answer) to one playbook's instance of the account.</summary>
    public AccountEvaluation FireEvent(IReadOnlyList<PlaybookInstance> instances, string playbookId, PlaybookEvent playbookEvent, in EvaluationContext context) =>
        Run(instances, context, playbookId, playbookEvent);

    private AccountEvaluation Run(IReadOnlyList<PlaybookInstance> instances, in EvaluationContext context, string? eventPlaybook, PlaybookEvent? playbookEvent)
    {
        List<PlaybookInstance>? changed = null;
        ImmutableArray<Effect>.Builder? effects = null;
        string? preemptor = null;
        ImmutableArray<PlaybookCategory> preempted = [];
        var current = context;

        foreach (var playbook in _ordered)
        {
            var instance = FindInstance(instances, playbook.Id);
            if (instance is null)
            {
                if (!playbook.AppliesTo(current.Signals))
                {
                    continue;
                }

                instance = playbook.Start(current.Account.Id, current.Now);
                (changed ??= []).Add(instance);
            }
            else if (instance.Version != playbook.Version)
            {
                var migration = PlaybookMigration.Migrate(instance, playbook);
                if (migration.Instance is null)
                {
                    continue;
                }

                instance = migration.Instance;
                (changed ??= []).Add(instance);
            }
            else if (instance.State == playbook.Definition.Start && !playbook.AppliesTo(current.Signals))
            {
                // Not yet engaged and no longer a fit: leave it waiting rather than start a play that doesn't apply.
                continue;
            }

            var pausedBy = preemptor is not null && preempted.Contains(playbook.Category) ? preemptor : null;
            var result = eventPlaybook is null
                ? playbook.Evaluate(instance, current, pausedBy)
                : eventPlaybook == playbook.Id ? playbook.Fire(instance, playbookEvent!, current, pausedBy) : EvaluationResult.Unchanged(instance);

            if (result.Changed)
            {
                Replace(changed ??= [], result.Instance);
                foreach (var effect in result.Effects)
                {
                    (effects ??= ImmutableArray.CreateBuilder<Effect>()).Add(effect);
                }

                current = CountPrompts(current, result.Effects);
            }

            if (preemptor is null && !playbook.Definition.Preempts.IsEmpty && playbook.IsEngaged(result.Instance))
            {
                preemptor = playbook.Id;
                preempted = playbook.Definition.Preempts;
            }
        }

        return changed is null && effects is null
            ? AccountEvaluation.Nothing
            : new AccountEvaluation(changed is null ? [] : [.. changed], effects?.ToImmutable() ?? []);
    }

    /// <summary>Prompts issued in this evaluation count against the budget of the plays evaluated after it.</summary>
    private static EvaluationContext CountPrompts(in EvaluationContext context, ImmutableArray<Effect> effects)
    {
        var prompts = 0;
        foreach (var effect in effects)
        {
            if (effect is ProposalEffect)
            {
                prompts++;
            }
        }

        if (prompts == 0)
        {
            return context;
        }

        var days = context.History.UpgradePromptDays.Concat(Enumerable.Repeat(context.Today, prompts)).ToArray();
        return new EvaluationContext(context.Account, context.Signals, context.History with { UpgradePromptDays = days }, context.Now);
    }

    private static PlaybookInstance? FindInstance(IReadOnlyList<PlaybookInstance> instances, string playbookId)
    {
        for (var i = 0; i < instances.Count; i++)
        {
            if (instances[i].PlaybookId == playbookId)
            {
                return instances[i];
            }
        }

        return null;
    }

    private static void Replace(List<PlaybookInstance> changed, PlaybookInstance instance)
    {
        var index = changed.FindIndex(i => i.PlaybookId == instance.PlaybookId);
        if (index >= 0)
        {
            changed[index] = instance;
        }
        else
        {
            changed.Add(instance);
        }
    }
}
