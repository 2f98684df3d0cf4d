using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Templates;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>A state with its transitions compiled, in declaration order (the first that fires wins).</summary>
internal sealed record CompiledState(int Index, StateDefinition Definition, CompiledTransition[] Transitions, bool PromptsUpgrade)
{
    public string Name => Definition.Name;

    public bool HasSustained => Array.Exists(Transitions, t => t.IsSustained);

    /// <summary>The largest N of the state's <c>N days before renewal</c> lines: the state ends by the clock N days before the renewal; -1 without one.</summary>
    public int LeavesDaysBeforeRenewal { get; } = Transitions.Where(t => t.Kind == TriggerKind.BeforeRenewal).Select(t => t.Days).DefaultIfEmpty(-1).Max();

    /// <summary>True when the state has an <c>at trial end</c> line: it ends by the clock when the trial ends.</summary>
    public bool LeavesAtTrialEnd { get; } = Array.Exists(Transitions, t => t.Kind == TriggerKind.TrialEnd);

    /// <summary>The template variables the subjects of the state's tasks (and their variants) read, together.</summary>
    public TemplateUses SubjectUses { get; } =
        Definition.Tasks.SelectMany(t => t.Variants.Select(v => v.Text).Prepend(t.Subject))
            .Aggregate(TemplateUses.None, (uses, text) => uses.Union(PlaybookTemplates.UsesOf(text)));

    /// <summary>The template variables the cover messages (variants) of the state's proposals read, together.</summary>
    public TemplateUses MessageUses { get; } =
        Definition.Proposals.SelectMany(p => p.Variants).Aggregate(TemplateUses.None, (uses, v) => uses.Union(PlaybookTemplates.UsesOf(v.Text)));
}
