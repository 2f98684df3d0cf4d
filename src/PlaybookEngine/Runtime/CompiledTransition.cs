using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Expressions;
using CrmSuite.PlaybookEngine.Playbooks;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>A transition ready to test: its condition compiled, its target resolved to a state index.</summary>
internal sealed record CompiledTransition(
    int Index,
    TransitionDefinition Definition,
    ConditionTest? Test,
    ImmutableArray<int> SignalOrdinals,
    int Target,
    string Trigger)
{
    public TriggerKind Kind => Definition.Kind;

    public int Days => Definition.Days;

    /// <summary>A condition that must hold for some days before it fires (<c>when … for N days</c>).</summary>
    // Stryker disable once Equality : equivalent, a plain `when` (0 days) tracked as sustained holds from its first true day, as it fires anyway
    public bool IsSustained => Kind == TriggerKind.When && Days > 0;

    public bool IsSignalDriven => Kind is TriggerKind.When or TriggerKind.BeforeRenewal or TriggerKind.TrialEnd;

    public bool Matches(PlaybookEvent playbookEvent) => playbookEvent.Kind switch
    {
        PlaybookEventKind.TaskOutcome => Kind == TriggerKind.Outcome && string.Equals(Definition.Outcome, playbookEvent.Name, StringComparison.Ordinal),
        PlaybookEventKind.ProposalAccepted => Kind == TriggerKind.ProposalAccepted,
        PlaybookEventKind.ProposalDeclined => Kind == TriggerKind.ProposalDeclined,
        _ => Kind == TriggerKind.ProposalExpired,
    };
}
