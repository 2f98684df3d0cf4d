using System.Globalization;
using System.Text.RegularExpressions;
using CrmSuite.PlaybookEngine.Playbooks;

namespace CrmSuite.Connector.Workbench;

/// <summary>
/// Compares two versions of a playbook by meaning. Positions, blank lines, spacing, the order of the states in the file
/// and the spelling of a condition (<see cref="ConditionText"/>) are no change; the order of a state's transitions is
/// one (the first line that fires wins).
/// </summary>
internal static partial class PlaybookComparer
{
    public static PlaybookDiff Compare(PlaybookDefinition? old, PlaybookDefinition? @new)
    {
        if (old is null || @new is null)
        {
            var only = (old ?? @new) ?? throw new ArgumentException("At least one side of a diff must be a playbook.", nameof(old));
            var kind = old is null ? StateChangeKind.Added : StateChangeKind.Removed;
            return new PlaybookDiff(only.Id, old, @new, [],
                [.. only.States.Select(s => new StateDiff(kind, old is null ? null : s.Name, old is null ? s.Name : null, [], [], [], [], []))]);
        }

        var renames = FindRenames(old, @new);
        var states = new List<StateDiff>();
        foreach (var o in old.States)
        {
            if (renames.TryGetValue(o.Name, out var renamed))
            {
                states.Add(new StateDiff(StateChangeKind.Renamed, o.Name, renamed, [], [], [], [], []));
            }
            else if (@new.FindState(o.Name) is null)
            {
                states.Add(new StateDiff(StateChangeKind.Removed, o.Name, null, [], [], [], [], []));
            }
            else if (CompareState(o, @new.FindState(o.Name)!, renames) is { } changed)
            {
                states.Add(changed);
            }
        }

        var renamedTo = renames.Values.ToHashSet(StringComparer.Ordinal);
        states.AddRange(@new.States
            .Where(n => old.FindState(n.Name) is null && !renamedTo.Contains(n.Name))
            .Select(n => new StateDiff(StateChangeKind.Added, null, n.Name, [], [], [], [], [])));
        return new PlaybookDiff(@new.Id, old, @new, CompareSettings(old, @new, renames), states);
    }

    private static List<DiffLine> CompareSettings(PlaybookDefinition old, PlaybookDefinition @new, IReadOnlyDictionary<string, string> renames)
    {
        var lines = new List<DiffLine>();
        Field(lines, "id", old.Id, @new.Id);
        Field(lines, "title", Words(old.Title), Words(@new.Title));
        Field(lines, "version", Number(old.Version), Number(@new.Version));
        Field(lines, "status", Lower(old.Status), Lower(@new.Status));
        Field(lines, "owner", old.Owner, @new.Owner);
        Field(lines, "category", Lower(old.Category), Lower(@new.Category));
        Field(lines, "priority", Number(old.Priority), Number(@new.Priority));
        Field(lines, "start", Renamed(old.Start, renames), @new.Start);
        foreach (var filter in old.AppliesTo.Filters.Keys.Union(@new.AppliesTo.Filters.Keys).Order(StringComparer.Ordinal))
        {
            Field(lines, $"applies_to.{filter}", Set(old.AppliesTo.Filters.GetValueOrDefault(filter)), Set(@new.AppliesTo.Filters.GetValueOrDefault(filter)));
        }

        Field(lines, "guardrails.max_upgrade_prompts_per_30_days", Number(old.Guardrails.MaxUpgradePromptsPer30Days), Number(@new.Guardrails.MaxUpgradePromptsPer30Days));
        Field(lines, "guardrails.quiet_days_after_decline", Number(old.Guardrails.QuietDaysAfterDecline), Number(@new.Guardrails.QuietDaysAfterDecline));
        Field(lines, "guardrails.exclude_churn_risk", Flag(old.Guardrails.ExcludeChurnRisk), Flag(@new.Guardrails.ExcludeChurnRisk));
        Field(lines, "preempts", Set([.. old.Preempts.Select(Lower)]), Set([.. @new.Preempts.Select(Lower)]));
        Field(lines, "description", Words(old.Description), Words(@new.Description));
        return lines;
    }

    private static StateDiff? CompareState(StateDefinition old, StateDefinition @new, IReadOnlyDictionary<string, string> renames)
    {
        var transitions = new List<DiffLine>();
        var conditions = new List<DiffLine>();
        if (old.IsFinal != @new.IsFinal)
        {
            transitions.Add(new DiffLine("final", Flag(old.IsFinal), Flag(@new.IsFinal)));
        }

        CompareTransitions(old, @new, renames, transitions, conditions);
        var tasks = CompareTasks(old, @new);
        var proposals = CompareProposals(old, @new);
        var texts = new List<DiffLine>();
        Field(texts, "description", Words(old.Description), Words(@new.Description));
        Field(texts, "talk track", Words(old.TalkTrack), Words(@new.TalkTrack));
        foreach (var topic in old.Objections.Select(o => o.Topic).Union(@new.Objections.Select(o => o.Topic), StringComparer.OrdinalIgnoreCase))
        {
            Field(texts, $"objection: {topic}", Words(Objection(old, topic)), Words(Objection(@new, topic)));
        }

        return transitions.Count + conditions.Count + tasks.Count + proposals.Count + texts.Count == 0 ? null
            : new StateDiff(StateChangeKind.Changed, old.Name, @new.Name, transitions, conditions, tasks, proposals, texts);
    }

    // Lines are matched by trigger (a state has each trigger once, PB038); an unmatched `when` line of the old version and
    // one of the new leading to the same state are the same line with its condition changed.
    private static void CompareTransitions(StateDefinition old, StateDefinition @new, IReadOnlyDictionary<string, string> renames, List<DiffLine> lines, List<DiffLine> conditions)
    {
        var newByTrigger = @new.Transitions.ToDictionary(TriggerKey, StringComparer.Ordinal);
        var matched = new List<(TransitionDefinition Old, TransitionDefinition New)>();
        var removed = new List<TransitionDefinition>();
        foreach (var o in old.Transitions)
        {
            if (newByTrigger.Remove(TriggerKey(o), out var n))
            {
                matched.Add((o, n));
            }
            else
            {
                removed.Add(o);
            }
        }

        var added = @new.Transitions.Where(n => newByTrigger.ContainsKey(TriggerKey(n))).ToList();
        foreach (var o in removed.Where(t => t.Kind == TriggerKind.When).ToList())
        {
            if (added.FirstOrDefault(n => n.Kind == TriggerKind.When && n.Target == Renamed(o.Target, renames)) is { } n)
            {
                conditions.Add(new DiffLine($"-> {n.Target}", Sustained(o), Sustained(n)));
                matched.Add((o, n));
                removed.Remove(o);
                added.Remove(n);
            }
        }

        foreach (var (o, n) in matched)
        {
            if (Renamed(o.Target, renames) != n.Target)
            {
                lines.Add(new DiffLine($"`{Trigger(n)}` leads to", o.Target, n.Target));
            }
        }

        lines.AddRange(removed.Select(o => new DiffLine("transition removed", Line(o), null)));
        lines.AddRange(added.Select(n => new DiffLine("transition added", null, Line(n))));

        // The first line that fires wins: lines kept in both versions but in another order change which one wins.
        var oldOrder = old.Transitions.Where(o => matched.Any(m => m.Old == o)).Select(o => Trigger(matched.First(m => m.Old == o).New)).ToList();
        var newOrder = @new.Transitions.Where(n => matched.Any(m => m.New == n)).Select(Trigger).ToList();
        if (!oldOrder.SequenceEqual(newOrder, StringComparer.Ordinal))
        {
            lines.Add(new DiffLine("order (the first line that fires wins)", string.Join(" · ", oldOrder), string.Join(" · ", newOrder)));
        }
    }

    private static List<DiffLine> CompareTasks(StateDefinition old, StateDefinition @new)
    {
        var lines = new List<DiffLine>();
        for (var i = 0; i < Math.Max(old.Tasks.Length, @new.Tasks.Length); i++)
        {
            var o = i < old.Tasks.Length ? old.Tasks[i] : null;
            var n = i < @new.Tasks.Length ? @new.Tasks[i] : null;
            var label = $"task {i + 1}";
            if (o is null || n is null)
            {
                lines.Add(new DiffLine(o is null ? $"{label} added" : $"{label} removed", o is null ? null : Task(old, o), n is null ? null : Task(@new, n)));
                continue;
            }

            Field(lines, $"{label} subject", Words(o.Subject), Words(n.Subject));
            Field(lines, $"{label} due", Days(o.DueDays), Days(n.DueDays));
            Field(lines, $"{label} owner", o.OwnerRole.ToLowerInvariant(), n.OwnerRole.ToLowerInvariant());
            Field(lines, $"{label} priority", Lower(o.Priority), Lower(n.Priority));
            Field(lines, $"{label} purpose", Lower(old.PurposeOf(o)), Lower(@new.PurposeOf(n)));
            Field(lines, $"{label} deadline", Lower(o.Deadline), Lower(n.Deadline));
            Field(lines, $"{label} outcomes", Set(o.Outcomes), Set(n.Outcomes));
        }

        return lines;
    }

    private static List<DiffLine> CompareProposals(StateDefinition old, StateDefinition @new)
    {
        var lines = new List<DiffLine>();
        for (var i = 0; i < Math.Max(old.Proposals.Length, @new.Proposals.Length); i++)
        {
            var o = i < old.Proposals.Length ? old.Proposals[i] : null;
            var n = i < @new.Proposals.Length ? @new.Proposals[i] : null;
            var label = $"proposal {i + 1}";
            if (o is null || n is null)
            {
                lines.Add(new DiffLine(o is null ? $"{label} added" : $"{label} removed", o is null ? null : Proposal(o), n is null ? null : Proposal(n)));
                continue;
            }

            Field(lines, $"{label} offer", o.OfferId, n.OfferId);
            Field(lines, $"{label} valid", o.ValidDays is { } ov ? Days(ov) : "the offer's valid_days", n.ValidDays is { } nv ? Days(nv) : "the offer's valid_days");
        }

        return lines;
    }

    // A removed state and an added one with the same transitions, tasks and proposals (a state's own name and the
    // names of the other renamed states aside) are one state renamed.
    private static Dictionary<string, string> FindRenames(PlaybookDefinition old, PlaybookDefinition @new)
    {
        var removed = old.States.Where(s => @new.FindState(s.Name) is null).ToList();
        var added = @new.States.Where(s => old.FindState(s.Name) is null).ToList();
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in removed)
        {
            var signature = Signature(o, o.Name, removed.Select(r => r.Name));
            if (added.FirstOrDefault(n => !renames.ContainsValue(n.Name) && Signature(n, n.Name, added.Select(a => a.Name)) == signature) is { } match)
            {
                renames[o.Name] = match.Name;
            }
        }

        return renames;
    }

    private static string Signature(StateDefinition state, string self, IEnumerable<string> movedNames)
    {
        var moved = movedNames.ToHashSet(StringComparer.Ordinal);
        var transitions = state.Transitions.Select(t => $"{TriggerKey(t)}=>{(t.Target == self ? "<self>" : moved.Contains(t.Target) ? "<renamed>" : t.Target)}");
        var tasks = state.Tasks.Select(t => Task(state, t));
        var proposals = state.Proposals.Select(Proposal);
        return $"{state.IsFinal}|{string.Join("|", transitions)}|{string.Join("|", tasks)}|{string.Join("|", proposals)}";
    }

    private static string TriggerKey(TransitionDefinition t) => t.Kind switch
    {
        TriggerKind.When => $"when {ConditionText.Canonical(t.Condition)} for {Math.Max(t.Days, 1)}",
        TriggerKind.Outcome => $"outcome {t.Outcome?.ToLowerInvariant()}",
        _ => $"{t.Kind} {t.Days}",
    };

    /// <summary>The trigger as the author wrote it, without its target.</summary>
    private static string Trigger(TransitionDefinition t)
    {
        var arrow = Math.Max(t.Text.LastIndexOf("->", StringComparison.Ordinal), t.Text.LastIndexOf('→'));
        return Words(arrow > 0 ? t.Text[..arrow] : t.Text);
    }

    private static string Line(TransitionDefinition t) => $"{Trigger(t)} -> {t.Target}";

    private static string Sustained(TransitionDefinition t) =>
        t.Days > 1 ? $"`{Words(t.Condition ?? "")}` for {Days(t.Days)}" : $"`{Words(t.Condition ?? "")}`";

    private static string Task(StateDefinition state, TaskDefinition t) =>
        $"{Words(t.Subject)} (due {Days(t.DueDays)}, {t.OwnerRole.ToLowerInvariant()}, {Lower(t.Priority)}, {Lower(state.PurposeOf(t))}"
        + (t.Deadline == default ? "" : $", deadline {Lower(t.Deadline)}") + $"; outcomes {Set(t.Outcomes)})";

    private static string Proposal(ProposalDefinition p) => p.ValidDays is { } days ? $"{p.OfferId} (valid {Days(days)})" : p.OfferId;

    private static string? Objection(StateDefinition state, string topic) =>
        state.Objections.FirstOrDefault(o => string.Equals(o.Topic, topic, StringComparison.OrdinalIgnoreCase))?.Markdown;

    private static string Renamed(string name, IReadOnlyDictionary<string, string> renames) => renames.GetValueOrDefault(name, name);

    private static void Field(List<DiffLine> lines, string what, string? old, string? @new)
    {
        if (!string.Equals(old ?? "", @new ?? "", StringComparison.Ordinal))
        {
            lines.Add(new DiffLine(what, string.IsNullOrEmpty(old) ? null : old, string.IsNullOrEmpty(@new) ? null : @new));
        }
    }

    private static string? Set(IEnumerable<string>? values) =>
        values is null ? null : string.Join(", ", values.Select(v => v.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal));

    private static string Lower<T>(T value) where T : notnull => Snake().Replace(value.ToString()!, "$1_$2").ToLowerInvariant();

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? "true" : "false";

    private static string Days(int days) => days == 1 ? "1 day" : $"{days.ToString(CultureInfo.InvariantCulture)} days";

    /// <summary>Text with its runs of white space made one space: reflowing a paragraph is no change.</summary>
    private static string Words(string? text) => text is null ? "" : Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex Snake();
}
