using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Text;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>Turns a state's sections into transitions, tasks, proposals and prose, reporting malformed lines.</summary>
internal sealed class StateReader(string source, LineMap lines, DiagnosticBag diagnostics)
{
    private static readonly string[] SectionNames = ["Transitions", "Tasks", "Proposals", "Talk track", "Objection: <topic>"];
    private static readonly string[] TaskKeys = ["due", "owner", "priority", "outcomes", "purpose", "deadline", "variant NAME"];
    private static readonly string[] Purposes = ["upgrade", "help"];
    private static readonly string[] Deadlines = ["renewal", "trial end"];

    /// <summary>
    /// The roles a task may be assigned to: the account's CSM, the CS manager, the customer's executive sponsor (owned by
    /// the CSM's side of the relationship), and sales ops.
    /// </summary>
    internal static readonly string[] OwnerRoles = ["csm", "manager", "exec_sponsor", "sales_ops"];

    private readonly ListItemReader _items = new(source, lines);

    /// <summary>True for a heading that names a state's section (`Tasks`, `Objection: cost`), whatever its level.</summary>
    public static bool IsSectionTitle(string title)
    {
        var trimmed = title.Trim();
        return SectionNames[..^1].Any(name => trimmed.Equals(name, StringComparison.OrdinalIgnoreCase))
            || trimmed.StartsWith("Objection:", StringComparison.OrdinalIgnoreCase);
    }

    public StateDefinition Read(RawState raw)
    {
        var transitions = ImmutableArray.CreateBuilder<TransitionDefinition>();
        var tasks = ImmutableArray.CreateBuilder<TaskDefinition>();
        var proposals = ImmutableArray.CreateBuilder<ProposalDefinition>();
        var objections = ImmutableArray.CreateBuilder<ObjectionScript>();
        var talkTrack = "";
        var talkTrackPosition = raw.Position;
        var description = raw.Description.Markdown(source);

        foreach (var section in raw.Sections)
        {
            var title = section.Title.Trim();
            if (title.Equals("Transitions", StringComparison.OrdinalIgnoreCase))
            {
                ReadList(section, "transitions", item => ReadTransition(item, transitions));
            }
            else if (title.Equals("Tasks", StringComparison.OrdinalIgnoreCase))
            {
                ReadList(section, "tasks", item => ReadTask(item, tasks));
            }
            else if (title.Equals("Proposals", StringComparison.OrdinalIgnoreCase))
            {
                ReadList(section, "proposals", item => ReadProposal(item, proposals));
            }
            else if (title.Equals("Talk track", StringComparison.OrdinalIgnoreCase))
            {
                talkTrack = section.Markdown(source);
                talkTrackPosition = section.ContentPosition(lines);
            }
            else if (title.StartsWith("Objection:", StringComparison.OrdinalIgnoreCase))
            {
                objections.Add(new ObjectionScript(title["Objection:".Length..].Trim(), section.Markdown(source), section.ContentPosition(lines)));
            }
            else
            {
                diagnostics.Warning(section.Position, "PB017",
                    $"unknown section `{title}` in state {raw.Name}; expected {string.Join(", ", SectionNames)}{NameSuggester.Hint(title, SectionNames)}");
            }
        }

        return new StateDefinition(raw.Name, raw.IsFinal, raw.Position, description, raw.Description.ContentPosition(lines),
            transitions.ToImmutable(), tasks.ToImmutable(), proposals.ToImmutable(), talkTrack, talkTrackPosition, objections.ToImmutable());
    }

    private void ReadList(StateSection section, string what, Action<ListItemReader.Item> read)
    {
        var (items, strays) = _items.Read(section);
        foreach (var stray in strays)
        {
            var at = lines.At(stray.Span.Start);
            diagnostics.Error(at, "PB018", $"expected a bulleted list of {what} here (lines starting with `- `)");
        }

        items.ForEach(read);
    }

    private void ReadTransition(ListItemReader.Item item, ImmutableArray<TransitionDefinition>.Builder into)
    {
        var (parsed, errorIndex, error, code) = TransitionLineParser.Parse(item.Text);
        if (parsed is null)
        {
            Error(item.Position.Offset(errorIndex), code, error!);
            return;
        }

        if (parsed.BadDuration is not null)
        {
            Error(item.Position.Offset(parsed.DurationIndex), "PB023",
                $"bad duration `{parsed.BadDuration}`: expected {DurationText.Expected}{DurationText.Hint(parsed.BadDuration)}");
            return;
        }

        into.Add(new TransitionDefinition(parsed.Kind, item.Text, parsed.Condition, item.Position.Offset(parsed.ConditionIndex), parsed.Days,
            parsed.Outcome, parsed.Target, item.Position, item.Position.Offset(parsed.TargetIndex)));
    }

    private void ReadTask(ListItemReader.Item item, ImmutableArray<TaskDefinition>.Builder into)
    {
        int? due = null;
        var owner = "csm";
        var priority = TaskPriority.Normal;
        var outcomes = ImmutableArray<string>.Empty;
        TaskPurpose? purpose = null;
        var deadline = TaskDeadline.None;
        var variants = new VariantLines(diagnostics);
        foreach (var property in item.Properties)
        {
            if (VariantLines.IsVariant(property))
            {
                variants.Read(property);
                continue;
            }

            switch (property.Key)
            {
                case "due":
                    due = DurationText.Parse(property.Value);
                    if (due is null)
                    {
                        Error(property.ValuePosition, "PB023", $"bad duration `{property.Value}` for `due`: expected {DurationText.Expected}{DurationText.Hint(property.Value)}");
                        due = 0;
                    }

                    break;
                case "owner":
                    owner = property.Value.ToLowerInvariant();
                    if (!OwnerRoles.Contains(owner))
                    {
                        Error(property.ValuePosition, "PB031",
                            $"task owner `{property.Value}` is not a role; expected one of {string.Join(", ", OwnerRoles)}{NameSuggester.Hint(owner, OwnerRoles)}");
                    }

                    break;
                case "priority":
                    if (!Enum.TryParse(property.Value, ignoreCase: true, out priority) || !Enum.IsDefined(priority))
                    {
                        Error(property.ValuePosition, "PB031", $"task priority `{property.Value}` is not one of low, normal, high, urgent");
                    }

                    break;
                case "outcomes":
                    outcomes = [.. property.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    break;
                case "purpose":
                    purpose = property.Value.ToLowerInvariant() switch
                    {
                        "upgrade" => TaskPurpose.Upgrade,
                        "help" => TaskPurpose.Help,
                        _ => null,
                    };
                    if (purpose is null)
                    {
                        Error(property.ValuePosition, "PB031",
                            $"task purpose `{property.Value}` is not one of upgrade, help{NameSuggester.Hint(property.Value.ToLowerInvariant(), Purposes)}");
                    }

                    break;
                case "deadline":
                    var normalized = string.Join(' ', property.Value.ToLowerInvariant().Split([' ', '_', '-'], StringSplitOptions.RemoveEmptyEntries));
                    deadline = normalized switch
                    {
                        "renewal" => TaskDeadline.Renewal,
                        "trial end" => TaskDeadline.TrialEnd,
                        _ => TaskDeadline.None,
                    };
                    if (deadline == TaskDeadline.None)
                    {
                        Error(property.ValuePosition, "PB031",
                            $"task deadline `{property.Value}` is not one of renewal, trial end{NameSuggester.Hint(normalized, Deadlines)}");
                    }

                    break;
                default:
                    Error(property.Position, "PB031",
                        $"unknown task property `{property.Key}`; expected `name: value` with one of {string.Join(", ", TaskKeys)}{NameSuggester.Hint(property.Key, TaskKeys)}");
                    break;
            }
        }

        if (due is null)
        {
            Error(item.Position, "PB031", "task has no `due:` line; add e.g. `- due: 3 days` under it");
        }

        if (outcomes.IsEmpty)
        {
            Error(item.Position, "PB031", "task has no `outcomes:` line; list the outcomes a CSM can record, e.g. `- outcomes: interested, not_now`");
        }

        into.Add(new TaskDefinition(item.Text.Trim(), item.Position, due ?? 0, owner, priority, outcomes)
        {
            Purpose = purpose, Deadline = deadline, Variants = variants.ToImmutable(),
        });
    }

    private void ReadProposal(ListItemReader.Item item, ImmutableArray<ProposalDefinition>.Builder into)
    {
        var offer = item.Text.Trim().Trim('`');
        int? valid = null;
        var variants = new VariantLines(diagnostics);
        foreach (var property in item.Properties)
        {
            if (VariantLines.IsVariant(property))
            {
                variants.Read(property);
            }
            else if (property.Key == "valid" && DurationText.Parse(property.Value) is { } days)
            {
                valid = days;
            }
            else if (property.Key == "valid")
            {
                Error(property.ValuePosition, "PB023", $"bad duration `{property.Value}` for `valid`: expected {DurationText.Expected}{DurationText.Hint(property.Value)}");
            }
            else
            {
                Error(property.Position, "PB032", $"unknown proposal property `{property.Key}`; expected `valid: N days` or `variant NAME: message`");
            }
        }

        if (offer.Length == 0 || offer.Contains(' ', StringComparison.Ordinal))
        {
            Error(item.Position, "PB032", $"a proposal line names one offer id, e.g. `- next-tier`; got `{item.Text.Trim()}`");
            return;
        }

        into.Add(new ProposalDefinition(offer, item.Position.Offset(item.Text.IndexOf(offer, StringComparison.Ordinal)), valid)
        {
            Variants = variants.ToImmutable(),
        });
    }

    private void Error(SourcePosition at, string code, string message) => diagnostics.Error(at, code, message);
}
