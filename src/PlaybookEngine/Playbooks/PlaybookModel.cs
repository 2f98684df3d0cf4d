using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Text;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>Which accounts a playbook applies to: per enum signal, the allowed values (empty means any).</summary>
public sealed record AppliesTo(ImmutableDictionary<string, ImmutableArray<string>> Filters)
{
    internal static AppliesTo Everyone { get; } = new(ImmutableDictionary<string, ImmutableArray<string>>.Empty);
}

/// <summary>The customer-respect rules of a playbook. Null means "no limit".</summary>
public sealed record Guardrails(int? MaxUpgradePromptsPer30Days, int? QuietDaysAfterDecline, bool ExcludeChurnRisk)
{
    internal static Guardrails None { get; } = new(null, null, false);
}

/// <summary>A parsed playbook, positions kept for diagnostics. Not yet validated as a graph.</summary>
public sealed record PlaybookDefinition(
    string Path,
    string Id,
    SourcePosition IdPosition,
    string Title,
    int Version,
    PlaybookStatus Status,
    string Owner,
    PlaybookCategory Category,
    int Priority,
    string Start,
    SourcePosition StartPosition,
    AppliesTo AppliesTo,
    Guardrails Guardrails,
    ImmutableArray<PlaybookCategory> Preempts,
    string Description,
    ImmutableArray<StateDefinition> States)
{
    /// <summary>The state with this exact (case-sensitive) name, or null.</summary>
    public StateDefinition? FindState(string name) => States.FirstOrDefault(s => s.Name == name);
}

/// <summary>One state: a level-2 heading and everything under it.</summary>
public sealed record StateDefinition(
    string Name,
    bool IsFinal,
    SourcePosition Position,
    string Description,
    SourcePosition DescriptionPosition,
    ImmutableArray<TransitionDefinition> Transitions,
    ImmutableArray<TaskDefinition> Tasks,
    ImmutableArray<ProposalDefinition> Proposals,
    string TalkTrack,
    SourcePosition TalkTrackPosition,
    ImmutableArray<ObjectionScript> Objections)
{
    /// <summary>A state whose entry puts an upgrade in front of the customer: guardrails apply to entering it.</summary>
    internal bool PromptsUpgrade(PlaybookCategory category) =>
        !Proposals.IsEmpty || (!Tasks.IsEmpty && category is PlaybookCategory.Upgrade or PlaybookCategory.Trial);
}

/// <summary>One transition line. <see cref="Days"/> is the duration of after/before-renewal/for triggers.</summary>
public sealed record TransitionDefinition(
    TriggerKind Kind,
    string Text,
    string? Condition,
    SourcePosition ConditionPosition,
    int Days,
    string? Outcome,
    string Target,
    SourcePosition Position,
    SourcePosition TargetPosition);

/// <summary>A task a state opens on entry.</summary>
public sealed record TaskDefinition(
    string Subject,
    SourcePosition Position,
    int DueDays,
    string OwnerRole,
    TaskPriority Priority,
    ImmutableArray<string> Outcomes);

/// <summary>A proposal a state issues on entry: an offer of the price book, valid for some days.</summary>
public sealed record ProposalDefinition(string OfferId, SourcePosition Position, int ValidDays);

/// <summary>A scripted answer to an objection (cost, implementation, training, …), in Markdown; <see cref="Position"/> is where the Markdown starts.</summary>
public sealed record ObjectionScript(string Topic, string Markdown, SourcePosition Position);
