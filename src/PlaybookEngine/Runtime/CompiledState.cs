using CrmSuite.PlaybookEngine.Playbooks;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>A state with its transitions compiled, in declaration order (the first that fires wins).</summary>
internal sealed record CompiledState(int Index, StateDefinition Definition, CompiledTransition[] Transitions, bool PromptsUpgrade)
{
    public string Name => Definition.Name;

    public bool HasSustained => Array.Exists(Transitions, t => t.IsSustained);
}
