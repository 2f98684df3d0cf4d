using CrmSuite.PlaybookEngine.Playbooks;

namespace CrmSuite.Connector.Workbench;

/// <summary>One semantic difference: what changed (in the author's words), the old value and the new one (null when absent).</summary>
internal sealed record DiffLine(string What, string? Old, string? New);

/// <summary>How a state differs between two versions.</summary>
internal enum StateChangeKind
{
    Added,
    Removed,

    /// <summary>The same transitions, tasks and proposals under another name. Migration is by name, so its accounts are not placed.</summary>
    Renamed,

    Changed,
}

/// <summary>
/// A state's differences, by section: its transitions (a target, the order, lines added or removed), the conditions that
/// changed (old and new side by side), its tasks, proposals and texts.
/// </summary>
internal sealed record StateDiff(
    StateChangeKind Kind,
    string? OldName,
    string? NewName,
    IReadOnlyList<DiffLine> Transitions,
    IReadOnlyList<DiffLine> Conditions,
    IReadOnlyList<DiffLine> Tasks,
    IReadOnlyList<DiffLine> Proposals,
    IReadOnlyList<DiffLine> Texts)
{
    public string Name => NewName ?? OldName!;

    public IEnumerable<DiffLine> Lines => Transitions.Concat(Conditions).Concat(Tasks).Concat(Proposals).Concat(Texts);
}

/// <summary>
/// What differs between two versions of one playbook, by meaning rather than by text: its settings (front matter,
/// <c>applies_to</c>, guardrails, preemption), its states added, removed, renamed or changed. Either side may be absent
/// (a playbook added or removed).
/// </summary>
internal sealed record PlaybookDiff(
    string Id,
    PlaybookDefinition? Old,
    PlaybookDefinition? New,
    IReadOnlyList<DiffLine> Settings,
    IReadOnlyList<StateDiff> States)
{
    public bool HasChanges => Old is null || New is null || Settings.Count > 0 || States.Count > 0;

    /// <summary>The renames found, old name to new name.</summary>
    public IReadOnlyDictionary<string, string> Renames =>
        States.Where(s => s.Kind == StateChangeKind.Renamed).ToDictionary(s => s.OldName!, s => s.NewName!, StringComparer.Ordinal);
}
