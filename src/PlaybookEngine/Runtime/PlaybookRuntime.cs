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
    private readonly CompiledPlaybook[] _preemptors;

    // Per playbook of _ordered, its bit in an "engaged preemptors" mask, or 0 when it preempts nothing: a mask, not a
    // list, so an evaluation where nothing fires allocates nothing even while a rescue play is engaged.
    private readonly ulong[] _preemptorBit;

    private readonly ContactPolicy? _policy;

    /// <summary>Orders <paramref name="playbooks"/> by priority, highest first, then by id.</summary>
    /// <exception cref="ArgumentException">More than 64 of the playbooks preempt a category.</exception>
    public PlaybookRuntime(IEnumerable<CompiledPlaybook> playbooks)
        : this(playbooks, null)
    {
    }

    /// <summary>
    /// Orders <paramref name="playbooks"/> by priority, highest first, then by id; <paramref name="policy"/>, when given, is
    /// the one contact budget of every play, in place of each playbook's <c>max_upgrade_prompts_per_30_days</c>.
    /// </summary>
    /// <exception cref="ArgumentException">More than 64 of the playbooks preempt a category.</exception>
    public PlaybookRuntime(IEnumerable<CompiledPlaybook> playbooks, ContactPolicy? policy)
    {
        _policy = policy;
        _ordered = [.. playbooks.OrderByDescending(p => p.Priority).ThenBy(p => p.Id, StringComparer.Ordinal)];
        Playbooks = [.. _ordered];
        _preemptors = [.. _ordered.Where(p => !p.Definition.Preempts.IsEmpty)];
        if (_preemptors.Length > 64)
        {
            throw new ArgumentException($"{_preemptors.Length} playbooks preempt a category; at most 64 can.", nameof(playbooks));
        }

        _preemptorBit = [.. _ordered.Select(p => Array.IndexOf(_preemptors, p) is var k and >= 0 ? 1UL << k : 0UL)];
    }

    /// <summary>In evaluation order: highest priority first.</summary>
    public ImmutableArray<CompiledPlaybook> Playbooks { get; }

    /// <summary>The contact budget shared by every play, or null when each playbook's own guardrail applies.</summary>
    public ContactPolicy? ContactPolicy => _policy;

    /// <summary>Compiles every error-free playbook of a library. Drafts and retired versions are left out unless asked for.</summary>
    public static PlaybookRuntime FromLibrary(PlaybookLibrary library, SignalCatalog catalog, bool includeDrafts = false) =>
        new(library.Playbooks
            .Where(p => p.Status == PlaybookStatus.Approved || (includeDrafts && p.Status == PlaybookStatus.Draft))
            .Select(p => CompiledPlaybook.Compile(p, catalog)), library.ContactPolicy);

    /// <summary>The compiled playbook with this id, or null when it is not in force (unknown, a draft, retired or broken).</summary>
    public CompiledPlaybook? Find(string playbookId) => Array.Find(_ordered, p => p.Id == playbookId);

    /// <summary>Evaluates every applicable playbook for one account; <paramref name="instances"/> are its stored instances.</summary>
    public AccountEvaluation EvaluateAccount(IReadOnlyList<PlaybookInstance> instances, in EvaluationContext context) =>
        Run(instances, context, null, null);

    /// <summary>Delivers a CRM event (a task outcome, a proposal answer) to one playbook's instance of the account.</summary>
    public AccountEvaluation FireEvent(IReadOnlyList<PlaybookInstance> instances, string playbookId, PlaybookEvent playbookEvent, in EvaluationContext context) =>
        Run(instances, context, playbookId, playbookEvent);

    private AccountEvaluation Run(IReadOnlyList<PlaybookInstance> instances, in EvaluationContext given, string? eventPlaybook, PlaybookEvent? playbookEvent)
    {
        var context = _policy is null ? given : KeepUpgradeTasks(given);
        // Preemption holds for every preempting playbook engaged with the account, whatever its priority: those engaged in
        // the stored instances count from the start. One that becomes engaged during this evaluation pauses the plays
        // evaluated after it; if it should have paused one evaluated before it, the evaluation runs again knowing it.
        var engaged = 0UL;
        for (var k = 0; k < _preemptors.Length; k++)
        {
            if (FindInstance(instances, _preemptors[k].Id) is { } stored && _preemptors[k].IsEngaged(stored))
            {
                engaged |= 1UL << k;
            }
        }

        // Each round engages at least one more preemptor, so the loop ends by itself; the round count is only a backstop.
        // Stryker disable once Update : equivalent, the backstop is never reached
        for (var round = 0; ; round++)
        {
            var (evaluation, newlyEngaged) = RunOnce(instances, context, eventPlaybook, playbookEvent, engaged);
            // Stryker disable once Logical,Equality : equivalent, a round that engages nothing new repeats the same evaluation
            if (newlyEngaged == 0 || round >= _preemptors.Length)
            {
                return evaluation;
            }

            // Stryker disable once Assignment : equivalent, the newly engaged are never engaged already (^= is |=)
            engaged |= newlyEngaged;
        }
    }

    private (AccountEvaluation Evaluation, ulong RerunWith) RunOnce(
        IReadOnlyList<PlaybookInstance> instances, in EvaluationContext context, string? eventPlaybook, PlaybookEvent? playbookEvent, ulong engagedAtStart)
    {
        List<PlaybookInstance>? changed = null;
        ImmutableArray<Effect>.Builder? effects = null;
        var engaged = engagedAtStart;
        var rerunWith = 0UL;
        var evaluatedCategories = 0;
        // Stryker disable once Conditional : equivalent, a context without a policy already has none
        var current = _policy is null ? context : context.WithPolicy(_policy);

        for (var p = 0; p < _ordered.Length; p++)
        {
            var playbook = _ordered[p];
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

            var assigned = playbook.AssignExperiment(instance, out var heldOut);
            if (!ReferenceEquals(assigned, instance))
            {
                instance = assigned;
                Replace(changed ??= [], instance);
            }

            if (heldOut is not null)
            {
                (effects ??= ImmutableArray.CreateBuilder<Effect>()).Add(heldOut);
            }

            if (instance.HeldOut)
            {
                // The control group: recorded, never evaluated, so no task or proposal can come from this play.
                continue;
            }

            // Stryker disable once Conditional : equivalent, PausedBy finds nothing when nothing is engaged; this only skips the scan
            var pausedBy = engaged == 0 ? null : PausedBy(playbook, engaged);
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

                current = _policy is null ? CountPrompts(current, result.Effects) : CountTouches(current, playbook, result.Effects);
            }

            if (_preemptorBit[p] is var bit and not 0)
            {
                var isEngaged = playbook.IsEngaged(result.Instance);
                var wasEngaged = (engaged & bit) != 0;
                if (isEngaged && !wasEngaged)
                {
                    // Stryker disable once Assignment : equivalent, the bit is not set here (^= is |=)
                    engaged |= bit;
                    if (PreemptsAny(playbook, evaluatedCategories))
                    {
                        // Stryker disable once Assignment : equivalent, each playbook sets only its own bit, once (^= is |=)
                        rerunWith |= bit;
                    }
                }
                else if (!isEngaged && wasEngaged)
                {
                    engaged &= ~bit;
                }
            }

            evaluatedCategories |= 1 << (int)playbook.Category;
        }

        // Stryker disable once Conditional : equivalent, Nothing is an empty evaluation shared to save an allocation
        var evaluation = changed is null && effects is null
            ? AccountEvaluation.Nothing
            : new AccountEvaluation(changed is null ? [] : [.. changed], effects is null ? [] : Outranking.Credit(effects.ToImmutable()));
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

    private static bool PreemptsAny(CompiledPlaybook playbook, int categories)
    {
        foreach (var category in playbook.Definition.Preempts)
        {
            // Stryker disable once Bitwise : equivalent, a needless re-run returns the same evaluation
            if ((categories & (1 << (int)category)) != 0)
            {
                return true;
            }
        }

        // Stryker disable once Boolean : equivalent, a needless re-run returns the same evaluation
        return false;
    }

    /// <summary>The engaged playbooks (other than this one) that preempt its category, by id, or null when none does.</summary>
    private string? PausedBy(CompiledPlaybook playbook, ulong engaged)
    {
        string? first = null;
        List<string>? all = null;
        for (var k = 0; k < _preemptors.Length; k++)
        {
            var preemptor = _preemptors[k];
            if ((engaged & (1UL << k)) == 0 || preemptor == playbook || !preemptor.Definition.Preempts.Contains(playbook.Category))
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

    /// <summary>
    /// Keeps, of the tasks the CRM holds (<see cref="ContactTouch.TaskState"/>), those whose state opens an upgrade task;
    /// help tasks, tasks of proposal states and tasks of playbooks no longer run are no touch.
    /// </summary>
    private EvaluationContext KeepUpgradeTasks(in EvaluationContext context)
    {
        var touches = context.History.Touches;
        List<ContactTouch>? kept = null;
        for (var i = 0; i < touches.Count; i++)
        {
            var touch = touches[i];
            var counts = touch.TaskState is not { } state || (touch.PlaybookId is { } id && Find(id) is { } playbook && playbook.TouchOf(state) == TouchKind.UpgradeTask);
            if (kept is not null)
            {
                if (counts)
                {
                    kept.Add(touch);
                }
            }
            else if (!counts)
            {
                kept = [.. touches.Take(i)];
            }
        }

        return kept is null ? context : context.WithHistory(context.History with { Touches = kept });
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

        // Stryker disable once Block : equivalent, adding no prompt days leaves the same history; this only saves a copy
        if (prompts == 0)
        {
            return context;
        }

        var days = context.History.UpgradePromptDays.Concat(Enumerable.Repeat(context.Today, prompts)).ToArray();
        return context.WithHistory(context.History with { UpgradePromptDays = days });
    }

    /// <summary>Under a contact policy, each upgrade prompt made in this evaluation is a touch the plays evaluated after it see.</summary>
    private static EvaluationContext CountTouches(in EvaluationContext context, CompiledPlaybook playbook, ImmutableArray<Effect> effects)
    {
        List<ContactTouch>? touches = null;
        foreach (var effect in effects)
        {
            if (effect is TransitionEffect transition && playbook.TouchOf(transition.To) is { } kind)
            {
                (touches ??= [.. context.History.Touches]).Add(new ContactTouch(context.Today, kind, ContactPolicy.PrimaryContact, playbook.Id));
            }
        }

        return touches is null ? context : context.WithHistory(context.History with { Touches = touches });
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
