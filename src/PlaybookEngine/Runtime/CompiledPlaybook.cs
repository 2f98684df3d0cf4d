using System.Collections.Frozen;
using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Expressions;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>
/// A validated playbook compiled once into a reusable definition: conditions as delegates, targets as indexes, and a
/// Stateless configuration per thread. Evaluating an instance reads its state, tests that state's conditions against
/// the account's signals and, when nothing fires, returns without allocating.
/// </summary>
public sealed partial class CompiledPlaybook
{
    private readonly CompiledState[] _states;
    private readonly FrozenDictionary<string, int> _stateIndex;
    private readonly StatelessDriver _driver;
    private readonly (int Ordinal, double[] Allowed)[] _filters;

    private CompiledPlaybook(PlaybookDefinition definition, SignalCatalog catalog, CompiledState[] states)
    {
        Definition = definition;
        Catalog = catalog;
        _states = states;
        _stateIndex = states.ToFrozenDictionary(s => s.Name, s => s.Index, StringComparer.Ordinal);
        StartIndex = _stateIndex[definition.Start];
        _driver = new StatelessDriver(states);
        _filters = [.. definition.AppliesTo.Filters
            .Where(f => !f.Value.IsEmpty)
            .Select(f => (catalog[f.Key].Ordinal, f.Value.Select(v => (double)catalog[f.Key].EnumIndex(v)).ToArray()))];
    }

    /// <summary>The parsed playbook this was compiled from: states, tasks, talk tracks and their source positions.</summary>
    public PlaybookDefinition Definition { get; }

    /// <summary>The playbook's <c>id</c>, the key of its instances.</summary>
    public string Id => Definition.Id;

    /// <summary>The playbook's <c>version</c>; an instance started on an older one is migrated by state name.</summary>
    public int Version => Definition.Version;

    internal int Priority => Definition.Priority;

    internal PlaybookCategory Category => Definition.Category;

    internal SignalCatalog Catalog { get; }

    internal int StartIndex { get; }

    internal IReadOnlyList<CompiledState> States => _states;

    /// <summary>Compiles a playbook that <see cref="PlaybookValidator"/> found free of errors.</summary>
    /// <exception cref="ArgumentException">The playbook was not validated: a condition or target does not resolve.</exception>
    public static CompiledPlaybook Compile(PlaybookDefinition definition, SignalCatalog catalog)
    {
        var index = definition.States.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var states = new CompiledState[definition.States.Length];
        for (var s = 0; s < states.Length; s++)
        {
            var state = definition.States[s];
            var triggers = new HashSet<string>(StringComparer.Ordinal);
            var transitions = state.Transitions.Select((t, i) => CompileTransition(definition, t, i, index, catalog, triggers)).ToArray();
            states[s] = new CompiledState(s, state, transitions, state.PromptsUpgrade);
        }

        return new CompiledPlaybook(definition, catalog, states);
    }

    /// <summary>Whether the playbook's <c>applies_to</c> filters admit an account with these signals.</summary>
    internal bool AppliesTo(in SignalVector signals)
    {
        foreach (var (ordinal, allowed) in _filters)
        {
            if (Array.IndexOf(allowed, signals[ordinal]) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether this playbook's <c>applies_to</c> admits the account evaluated in <paramref name="context"/>: a new account
    /// starts it, and one waiting in the start state moves on, only when it does.
    /// </summary>
    /// <param name="context">The account and its signals.</param>
    public bool Admits(in EvaluationContext context) => AppliesTo(context.Signals);

    /// <summary>
    /// Where publishing this version puts an instance of another version of the playbook, as every sync does (by state
    /// name): the migrated instance, or null and the reason when this version has no state of its name and it stays frozen.
    /// </summary>
    /// <param name="instance">A stored instance of this playbook, on any version.</param>
    public (PlaybookInstance? Placed, string? Problem) Migrate(PlaybookInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var result = PlaybookMigration.Migrate(instance, this);
        return (result.Instance, result.Problem);
    }

    /// <summary>A new instance in the start state. Starting opens nothing: the start state's entry has no effects.</summary>
    internal PlaybookInstance Start(string accountId, DateTimeOffset now) =>
        new(accountId, Id, Version, _states[StartIndex].Name, now, 0, 0, SustainTracking(_states[StartIndex]));

    /// <summary>True when the instance is past its start and not finished: a preempting playbook is then "engaged".</summary>
    internal bool IsEngaged(PlaybookInstance instance) =>
        _stateIndex.TryGetValue(instance.State, out var state) && state != StartIndex && !_states[state].Definition.IsFinal;

    internal bool HasState(string name) => _stateIndex.ContainsKey(name);

    /// <summary>The state graph as a Mermaid state diagram, from Stateless's own introspection.</summary>
    public string ToMermaid() => _driver.ToMermaid();

    /// <summary>The state graph in Graphviz DOT, from Stateless's own introspection.</summary>
    public string ToDot() => _driver.ToDot();

    internal int IndexOf(string state) => _stateIndex.TryGetValue(state, out var index) ? index : -1;

    // Stryker disable once Conditional : equivalent, an array of -1 reads as the default (no sustained line tracked); it only allocates
    internal static ImmutableArray<int> SustainTracking(CompiledState state) =>
        state.HasSustained ? [.. Enumerable.Repeat(-1, state.Transitions.Length)] : default;

    /// <summary>The trigger part of a transition line, without its <c>-> Target</c>.</summary>
    private static string TriggerLabel(string text)
    {
        var arrow = Math.Max(text.LastIndexOf("->", StringComparison.Ordinal), text.LastIndexOf('→'));
        // Stryker disable once Equality,Conditional : equivalent, a validated transition line always has its arrow after a trigger
        return (arrow > 0 ? text[..arrow] : text).Trim();
    }

    private static CompiledTransition CompileTransition(
        PlaybookDefinition playbook, TransitionDefinition transition, int i, Dictionary<string, int> index, SignalCatalog catalog, HashSet<string> triggers)
    {
        if (!index.TryGetValue(transition.Target, out var target))
        {
            throw new ArgumentException($"{playbook.Path}: transition `{transition.Text}` targets unknown state `{transition.Target}`; validate before compiling.");
        }

        var conditionText = transition.Kind switch
        {
            TriggerKind.When => transition.Condition,
            // Moments, not states of being: a renewal date already past and a trial already over fire nothing.
            TriggerKind.BeforeRenewal => $"days_to_renewal <= {transition.Days} and days_to_renewal >= 0",
            TriggerKind.TrialEnd => "in_trial and trial_days_left <= 0",
            _ => null,
        };
        CompiledCondition? condition = null;
        if (conditionText is not null)
        {
            var (compiled, problems) = ConditionCompiler.Compile(conditionText, catalog);
            condition = compiled ?? throw new ArgumentException(
                $"{playbook.Path}: condition `{conditionText}` does not compile ({problems[0].Message}); validate before compiling.");
        }

        // Stateless needs a distinct trigger per state; identical lines in one state get a suffix.
        var label = TriggerLabel(transition.Text);
        var trigger = label;
        // Stryker disable once Update : equivalent, counting down still gives every identical line a distinct trigger
        for (var n = 2; !triggers.Add(trigger); n++)
        {
            trigger = $"{label} #{n}";
        }

        return new CompiledTransition(i, transition, condition?.Test, condition?.SignalOrdinals ?? [], target, trigger);
    }
}
