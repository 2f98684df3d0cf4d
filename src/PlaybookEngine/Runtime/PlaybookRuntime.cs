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
    private readonly ImmutableArray<CompiledPlaybook> _preemptors;

    /// <summary>Orders <paramref name="playbooks"/> by priority, highest first, then by id.</summary>
    public PlaybookRuntime(IEnumerable<CompiledPlaybook> playbooks)
    {
        _ordered = [.. playbooks.OrderByDescending(p => p.Priority).ThenBy(p => p.Id, StringComparer.Ordinal)];
        Playbooks = [.. _ordered];
        _preemptors = [.. _ordered.Where(p => !p.Definition.Preempts.IsEmpty)];
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
        // Preemption holds for every preempting playbook engaged with the account, whatever its priority: those engaged in
        // the stored instances count from the start. One that becomes engaged during this evaluation pauses the plays
        // evaluated after it; if it should have paused one evaluated before it, the evaluation runs again knowing it.
        List<CompiledPlaybook>? engaged = null;
        foreach (var playbook in _preemptors)
        {
            if (FindInstance(instances, playbook.Id) is { } stored && playbook.IsEngaged(stored))
            {
                (engaged ??= []).Add(playbook);
            }
        }

        for (var round = 0; ; round++)
        {
            var (evaluation, newlyEngaged) = RunOnce(instances, context, eventPlaybook, playbookEvent, engaged);
            if (newlyEngaged is null || round >= _preemptors.Length)
            {
                return evaluation;
            }

            (engaged ??= []).AddRange(newlyEngaged);
        }
    }

    private (AccountEvaluation Evaluation, List<CompiledPlaybook>? RerunWith) RunOnce(
        IReadOnlyList<PlaybookInstance> instances, in EvaluationContext context, string? eventPlaybook, PlaybookEvent? playbookEvent, List<CompiledPlaybook>? engagedAtStart)
    {
        List<PlaybookInstance>? changed = null;
        ImmutableArray<Effect>.Builder? effects = null;
        List<CompiledPlaybook>? engaged = engagedAtStart is null ? null : [.. engagedAtStart];
        List<CompiledPlaybook>? rerunWith = null;
        var evaluatedCategories = 0;
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
            else
            {
                if (instance.Version != playbook.Version)
                {
                    var migration = PlaybookMigration.Migrate(instance, playbook);
                    if (migration.Instance is null)
                    {
                        (effects ??= ImmutableArray.CreateBuilder<Effect>()).Add(Unplaced(instance, playbook, migration.Problem!));
                        continue;
                    }

                    instance = migration.Instance;
                    (changed ??= []).Add(instance);
                }

                if (instance.State == playbook.Definition.Start && !playbook.AppliesTo(current.Signals))
                {
                    // Not yet engaged and no longer (or, after a migration, not) a fit: leave it waiting rather than start a play that doesn't apply.
                    continue;
                }
            }

            var pausedBy = engaged is null ? null : PausedBy(playbook, engaged);
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

            if (!playbook.Definition.Preempts.IsEmpty)
            {
                var isEngaged = playbook.IsEngaged(result.Instance);
                var wasEngaged = engaged is not null && engaged.Contains(playbook);
                if (isEngaged && !wasEngaged)
                {
                    (engaged ??= []).Add(playbook);
                    if (playbook.Definition.Preempts.Any(c => (evaluatedCategories & (1 << (int)c)) != 0))
                    {
                        (rerunWith ??= []).Add(playbook);
                    }
                }
                else if (!isEngaged && wasEngaged)
                {
                    engaged!.Remove(playbook);
                }
            }

            evaluatedCategories |= 1 << (int)playbook.Category;
        }

        var evaluation = changed is null && effects is null
            ? AccountEvaluation.Nothing
            : new AccountEvaluation(changed is null ? [] : [.. changed], effects?.ToImmutable() ?? []);
        return (evaluation, rerunWith);
    }

    /// <summary>
    /// False only when <paramref name="playbookEvent"/> answers a task or proposal that the instance's current visit of its
    /// state did not open (<see cref="CompiledPlaybook.AnswersCurrentVisit"/>): a stale answer. True when the playbook or the
    /// state is not in force, for the evaluation to report.
    /// </summary>
    public bool AnswersCurrentVisit(PlaybookInstance instance, PlaybookEvent playbookEvent)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return Find(instance.PlaybookId) is not { } playbook || !playbook.HasState(instance.State) || playbook.AnswersCurrentVisit(instance, playbookEvent);
    }

    private static UnplacedEffect Unplaced(PlaybookInstance instance, CompiledPlaybook playbook, string problem) =>
        new(IdempotencyKey.For(instance.AccountId, playbook.Id, instance.Step, "unplaced", playbook.Version), instance.AccountId, playbook.Id,
            instance.Version, new Reason(instance.State, "", $"v{playbook.Version} published without state `{instance.State}`", []), instance.State,
            playbook.Version, problem);

    /// <summary>The engaged playbooks (other than this one) that preempt its category, by id, or null when none does.</summary>
    private static string? PausedBy(CompiledPlaybook playbook, List<CompiledPlaybook> engaged)
    {
        string? first = null;
        List<string>? all = null;
        foreach (var preemptor in engaged)
        {
            if (preemptor == playbook || !preemptor.Definition.Preempts.Contains(playbook.Category))
            {
                continue;
            }

            if (first is null)
            {
                first = preemptor.Id;
            }
            else
            {
                (all ??= [first]).Add(preemptor.Id);
            }
        }

        return all is null ? first : string.Join("`, `", all);
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
        return context.WithHistory(context.History with { UpgradePromptDays = days });
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
