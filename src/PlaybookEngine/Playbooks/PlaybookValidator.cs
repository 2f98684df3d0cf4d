using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Expressions;
using CrmSuite.PlaybookEngine.Signals;
using CrmSuite.PlaybookEngine.Templates;
using CrmSuite.PlaybookEngine.Text;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>
/// Checks a parsed playbook as a whole: its state graph, its conditions against the signal catalogue, its templates and
/// its offer references. Reports everything it finds.
/// </summary>
public static class PlaybookValidator
{
    /// <summary>Checks an offer id; returns null when the offer may be issued, else the code and message to report.</summary>
    public delegate (string Code, string Message)? OfferCheck(string offerId);

    internal const int MaxTransitionsPerState = 32;

    internal static void Validate(PlaybookDefinition playbook, SignalCatalog catalog, OfferCheck? offers, DiagnosticBag diagnostics)
    {
        void Error(SourcePosition at, string code, string message) => diagnostics.Error(at, code, message);

        if (playbook.States.IsEmpty)
        {
            Error(new SourcePosition(playbook.Path, 1, 1), "PB015", "the playbook has no states; add a `## StateName` heading for each state");
            return;
        }

        var names = playbook.States.Select(s => s.Name).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var state in playbook.States.Where(state => !seen.Add(state.Name)))
        {
            Error(state.Position, "PB010", $"duplicate state `{state.Name}`; each state heading must be unique");
        }

        if (playbook.Start.Length > 0 && !seen.Contains(playbook.Start))
        {
            Error(playbook.StartPosition, "PB014", $"start state `{playbook.Start}` is not a state of this playbook{NameSuggester.Hint(playbook.Start, names)}");
        }

        foreach (var state in playbook.States)
        {
            CheckState(playbook, state, names, catalog, offers, diagnostics);
        }

        CheckReachability(playbook, seen, diagnostics);
    }

    private static void CheckState(PlaybookDefinition playbook, StateDefinition state, List<string> names, SignalCatalog catalog, OfferCheck? offers, DiagnosticBag diagnostics)
    {
        void Error(SourcePosition at, string code, string message) => diagnostics.Error(at, code, message);

        if (!state.IsFinal && state.Transitions.IsEmpty)
        {
            Error(state.Position, "PB013", $"state `{state.Name}` has no way out: add a transition under `### Transitions`, or mark it `(final)`");
        }

        if (state.IsFinal && !state.Transitions.IsEmpty)
        {
            Error(state.Position, "PB037",
                $"state `{state.Name}` is marked `(final)` but has {state.Transitions.Length} transition(s), which would still fire; " +
                "remove `(final)` to keep the play going, or remove its transitions to end the play here");
        }

        CheckRepeatedTriggers(state, diagnostics);

        if (state.Transitions.Length > MaxTransitionsPerState)
        {
            Error(state.Position, "PB035", $"state `{state.Name}` has {state.Transitions.Length} transitions; at most {MaxTransitionsPerState} are allowed");
        }

        var outcomes = state.Tasks.SelectMany(t => t.Outcomes).ToHashSet(StringComparer.Ordinal);
        foreach (var transition in state.Transitions)
        {
            if (!names.Contains(transition.Target))
            {
                Error(transition.TargetPosition, "PB011", $"unknown state `{transition.Target}`{NameSuggester.Hint(transition.Target, names)}");
            }

            if (transition.Condition is { } condition)
            {
                var (_, problems) = ConditionCompiler.Compile(condition, catalog);
                foreach (var problem in problems)
                {
                    Error(transition.ConditionPosition.Offset(problem.Index), problem.Code, problem.Message);
                }
            }

            if (transition.Kind == TriggerKind.Outcome && !outcomes.Contains(transition.Outcome!))
            {
                Error(transition.Position, "PB033", outcomes.Count == 0
                    ? $"`on outcome {transition.Outcome}`: state `{state.Name}` opens no task, so no outcome can arrive"
                    : $"`on outcome {transition.Outcome}`: no task of state `{state.Name}` has that outcome; its outcomes are {string.Join(", ", outcomes)}{NameSuggester.Hint(transition.Outcome!, outcomes)}");
            }

            if (transition.Kind is TriggerKind.ProposalAccepted or TriggerKind.ProposalDeclined or TriggerKind.ProposalExpired && state.Proposals.IsEmpty)
            {
                Error(transition.Position, "PB034", $"state `{state.Name}` issues no proposal, so `{transition.Text.Trim()}` can never fire");
            }
        }

        foreach (var variant in state.Tasks.SelectMany(t => t.Variants).Concat(state.Proposals.SelectMany(p => p.Variants)))
        {
            CheckTemplate(variant.Text, variant.Position, catalog, diagnostics);
            if (playbook.Experiment is null)
            {
                Error(variant.Position, "PB073",
                    $"variant `{variant.Name}` needs the playbook's experiment, whose id decides which account gets which variant; add e.g. `experiment: {playbook.Id}-messages` to the front matter");
            }
        }

        foreach (var task in state.Tasks)
        {
            CheckTemplate(task.Subject, task.Position, catalog, diagnostics);
            if (task.Purpose is null && state.Proposals.IsEmpty && playbook.Category is PlaybookCategory.Upgrade or PlaybookCategory.Trial)
            {
                // Until purposes existed, every task of an upgrade or trial play counted as an upgrade prompt: say which way it goes now.
                diagnostics.Warning(task.Position, "PB036",
                    $"task in a{(playbook.Category == PlaybookCategory.Upgrade ? "n upgrade" : " trial")} playbook has no `purpose:` line, so it counts as help and no guardrail limits it; " +
                    "add `- purpose: upgrade` if it opens an upgrade conversation, or `- purpose: help` to confirm");
            }
        }

        CheckTemplate(state.Description, state.DescriptionPosition, catalog, diagnostics);
        CheckTemplate(state.TalkTrack, state.TalkTrackPosition, catalog, diagnostics);
        foreach (var objection in state.Objections)
        {
            CheckTemplate(objection.Markdown, objection.Position, catalog, diagnostics);
        }

        if (offers is null)
        {
            return;
        }

        foreach (var proposal in state.Proposals)
        {
            if (offers(proposal.OfferId) is { } problem)
            {
                Error(proposal.Position, problem.Code, problem.Message);
            }
        }
    }

    /// <summary>
    /// The same trigger twice in one state: the first line in list order always wins, so a second one leading elsewhere
    /// never fires (an error), and one leading to the same state is redundant (a warning).
    /// </summary>
    private static void CheckRepeatedTriggers(StateDefinition state, DiagnosticBag diagnostics)
    {
        var first = new Dictionary<string, TransitionDefinition>(StringComparer.Ordinal);
        foreach (var transition in state.Transitions)
        {
            var trigger = TriggerKey(transition);
            if (!first.TryGetValue(trigger, out var earlier))
            {
                first[trigger] = transition;
                continue;
            }

            if (earlier.Target == transition.Target)
            {
                diagnostics.Warning(transition.Position, "PB038",
                    $"this transition repeats line {earlier.Position.Line} (same trigger, same target `{transition.Target}`); remove one");
            }
            else
            {
                diagnostics.Error(transition.Position, "PB038",
                    $"same trigger as line {earlier.Position.Line}, which goes to `{earlier.Target}` and always wins, so this line to " +
                    $"`{transition.Target}` never fires; change its trigger or remove one of the two");
            }
        }
    }

    /// <summary>What makes a transition fire, written so that two spellings of one trigger compare equal.</summary>
    private static string TriggerKey(TransitionDefinition transition) => transition.Kind switch
    {
        TriggerKind.When => $"when {string.Concat((transition.Condition ?? "").Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant()} for {transition.Days}",
        TriggerKind.Outcome => $"outcome {transition.Outcome}",
        _ => $"{transition.Kind} {transition.Days}",
    };

    private static void CheckReachability(PlaybookDefinition playbook, HashSet<string> names, DiagnosticBag diagnostics)
    {
        if (!names.Contains(playbook.Start))
        {
            return;
        }

        var reached = new HashSet<string>(StringComparer.Ordinal) { playbook.Start };
        var queue = new Queue<string>([playbook.Start]);
        while (queue.TryDequeue(out var name))
        {
            foreach (var target in playbook.FindState(name)!.Transitions.Select(t => t.Target).Where(names.Contains))
            {
                if (reached.Add(target))
                {
                    queue.Enqueue(target);
                }
            }
        }

        foreach (var state in playbook.States.Where(s => !reached.Contains(s.Name)).DistinctBy(s => s.Name))
        {
            diagnostics.Error(state.Position, "PB012",
                $"state `{state.Name}` is unreachable: no transition from `{playbook.Start}` leads to it");
        }
    }

    /// <summary>Checks a template; the problem's index is mapped to a file position from where the text starts.</summary>
    private static void CheckTemplate(string text, SourcePosition at, SignalCatalog catalog, DiagnosticBag diagnostics)
    {
        foreach (var problem in PlaybookTemplates.Check(text, catalog))
        {
            var position = Locate(text, problem.Index, at);
            diagnostics.Error(position, problem.Code, problem.Message);
        }
    }

    private static SourcePosition Locate(string text, int index, SourcePosition blockStart)
    {
        var before = text[..Math.Min(index, text.Length)];
        var newlines = before.Count(c => c == '\n');
        return newlines == 0
            ? blockStart.Offset(index)
            : blockStart with { Line = blockStart.Line + newlines, Column = index - (before.LastIndexOf('\n') + 1) + 1 };
    }
}
