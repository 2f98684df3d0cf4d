using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Experiments;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Text;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>Which accounts a playbook applies to: per enum signal, the allowed values (empty means any).</summary>
/// <param name="Filters">By signal name (segment, tier, industry, lifecycle_stage), the values admitted.</param>
public sealed record AppliesTo(ImmutableDictionary<string, ImmutableArray<string>> Filters)
{
    internal static AppliesTo Everyone { get; } = new(ImmutableDictionary<string, ImmutableArray<string>>.Empty);
}

/// <summary>The customer-respect rules of a playbook. Null means "no limit".</summary>
/// <param name="MaxUpgradePromptsPer30Days">The contact budget: upgrade prompts allowed per account in any 30 days, across all playbooks.</param>
/// <param name="QuietDaysAfterDecline">Days after a declined proposal during which no upgrade is prompted.</param>
/// <param name="ExcludeChurnRisk">When true, no upgrade is prompted to an account at churn risk.</param>
public sealed record Guardrails(int? MaxUpgradePromptsPer30Days, int? QuietDaysAfterDecline, bool ExcludeChurnRisk)
{
    internal static Guardrails None { get; } = new(null, null, false);

    /// <summary>Where <see cref="MaxUpgradePromptsPer30Days"/> was written, for the diagnostics that say it moved; not part of equality.</summary>
    internal Text.SourcePosition? MaxUpgradePromptsPosition { get; init; }

    /// <summary>Equal when the rules are equal, wherever they were written.</summary>
    public bool Equals(Guardrails? other) =>
        other is not null && MaxUpgradePromptsPer30Days == other.MaxUpgradePromptsPer30Days
        && QuietDaysAfterDecline == other.QuietDaysAfterDecline && ExcludeChurnRisk == other.ExcludeChurnRisk;

    /// <summary>A hash of the rules alone.</summary>
    public override int GetHashCode() => HashCode.Combine(MaxUpgradePromptsPer30Days, QuietDaysAfterDecline, ExcludeChurnRisk);
}

/// <summary>A parsed playbook, positions kept for diagnostics. Not yet validated as a graph.</summary>
/// <param name="Path">The file it was read from.</param>
/// <param name="Id">The playbook's <c>id</c>: lowercase letters, digits and <c>-</c>.</param>
/// <param name="IdPosition">Where <paramref name="Id"/> was written.</param>
/// <param name="Title">A title for people.</param>
/// <param name="Version">The version; instances remember it.</param>
/// <param name="Status">Draft, approved or retired.</param>
/// <param name="Owner">Who answers for it, e.g. an e-mail address.</param>
/// <param name="Category">What kind of play it is.</param>
/// <param name="Priority">Higher runs first and wins the contact budget.</param>
/// <param name="Start">The name of the state new instances start in.</param>
/// <param name="StartPosition">Where <paramref name="Start"/> was written.</param>
/// <param name="AppliesTo">Which accounts it applies to.</param>
/// <param name="Guardrails">Its customer-respect rules.</param>
/// <param name="Preempts">Categories whose upgrade prompts pause while this playbook is engaged.</param>
/// <param name="Description">The Markdown between the title and the first state.</param>
/// <param name="States">The states, in file order.</param>
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
    /// <summary>The playbook's experiment (<c>experiment:</c> and <c>holdout:</c>), or null when it runs none.</summary>
    public PlaybookExperiment? Experiment { get; init; }

    /// <summary>The state with this exact (case-sensitive) name, or null.</summary>
    public StateDefinition? FindState(string name) => States.FirstOrDefault(s => s.Name == name);
}

/// <summary>One state: a level-2 heading and everything under it.</summary>
/// <param name="Name">The state's name (its heading).</param>
/// <param name="IsFinal">True for a <c>(final)</c> state, which needs no way out.</param>
/// <param name="Position">Where the heading is.</param>
/// <param name="Description">The Markdown under the heading, before its first section.</param>
/// <param name="DescriptionPosition">Where that Markdown starts.</param>
/// <param name="Transitions">Its transitions, in declaration order: the first that fires wins.</param>
/// <param name="Tasks">Tasks opened on entering it.</param>
/// <param name="Proposals">Proposals issued on entering it.</param>
/// <param name="TalkTrack">The talk track for the CSM, in Markdown.</param>
/// <param name="TalkTrackPosition">Where the talk track starts.</param>
/// <param name="Objections">Scripted answers to objections.</param>
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
    /// <summary>
    /// A state whose entry puts an upgrade in front of the customer, so the guardrails apply to entering it: it issues a
    /// proposal, or opens a task whose purpose is <see cref="TaskPurpose.Upgrade"/>. Every other state is help and is never
    /// refused by a guardrail, in every category.
    /// </summary>
    public bool PromptsUpgrade => !Proposals.IsEmpty || Tasks.Any(t => PurposeOf(t) == TaskPurpose.Upgrade);

    /// <summary>
    /// A task's purpose: its <c>purpose:</c> line, else <see cref="TaskPurpose.Upgrade"/> in a state that issues a proposal
    /// and <see cref="TaskPurpose.Help"/> everywhere else.
    /// </summary>
    /// <param name="task">One of this state's tasks.</param>
    public TaskPurpose PurposeOf(TaskDefinition task) =>
        task.Purpose ?? (Proposals.IsEmpty ? TaskPurpose.Help : TaskPurpose.Upgrade);
}

/// <summary>One transition line. <see cref="Days"/> is the duration of after/before-renewal/for triggers.</summary>
/// <param name="Kind">What makes it fire.</param>
/// <param name="Text">The transition line as written.</param>
/// <param name="Condition">For <see cref="TriggerKind.When"/>: the condition text; null otherwise.</param>
/// <param name="ConditionPosition">Where the condition starts.</param>
/// <param name="Days">The N of <c>for N days</c>, <c>after N days</c> or <c>N days before renewal</c>; 0 otherwise.</param>
/// <param name="Outcome">For <see cref="TriggerKind.Outcome"/>: the outcome name; null otherwise.</param>
/// <param name="Target">The name of the state it leads to.</param>
/// <param name="Position">Where the line starts.</param>
/// <param name="TargetPosition">Where the target name is written.</param>
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
/// <param name="Subject">The task's subject, a template rendered per account.</param>
/// <param name="Position">Where the task is declared.</param>
/// <param name="DueDays">Days from entering the state to the due date.</param>
/// <param name="OwnerRole">Who does it, e.g. <c>csm</c>.</param>
/// <param name="Priority">Its priority.</param>
/// <param name="Outcomes">The outcomes a CSM may record; <c>on outcome</c> transitions react to them.</param>
public sealed record TaskDefinition(
    string Subject,
    SourcePosition Position,
    int DueDays,
    string OwnerRole,
    TaskPriority Priority,
    ImmutableArray<string> Outcomes)
{
    /// <summary>The task's <c>purpose:</c> line as written, or null when it has none (see <see cref="StateDefinition.PurposeOf"/>).</summary>
    public TaskPurpose? Purpose { get; init; }

    /// <summary>The task's <c>deadline:</c> line: the event it prepares, never due after it.</summary>
    public TaskDeadline Deadline { get; init; }

    /// <summary>Its <c>- variant NAME: subject</c> lines, in file order: alternatives to <see cref="Subject"/> (the control).</summary>
    public ImmutableArray<MessageVariantDefinition> Variants { get; init; } = [];
}

/// <summary>A proposal a state issues on entry: an offer of the price book, valid for some days.</summary>
/// <param name="OfferId">The offer to propose, an id of an offers file.</param>
/// <param name="Position">Where it is declared.</param>
/// <param name="ValidDays">Days the proposal stays open (the line's <c>valid:</c>), or null to take the offer's <c>valid_days</c>.</param>
public sealed record ProposalDefinition(string OfferId, SourcePosition Position, int? ValidDays)
{
    /// <summary>Its <c>- variant NAME: message</c> lines, in file order: cover messages tested against none (the control).</summary>
    public ImmutableArray<MessageVariantDefinition> Variants { get; init; } = [];
}

/// <summary>A scripted answer to an objection (cost, implementation, training, …), in Markdown; <see cref="Position"/> is where the Markdown starts.</summary>
/// <param name="Topic">The objection, e.g. <c>cost</c>.</param>
/// <param name="Markdown">The scripted answer.</param>
/// <param name="Position">Where the Markdown starts.</param>
public sealed record ObjectionScript(string Topic, string Markdown, SourcePosition Position);
