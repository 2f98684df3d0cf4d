using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>
/// The stored state of one (account, playbook) pair. Immutable: an evaluation that changes nothing returns the same
/// instance, so the common case allocates nothing.
/// </summary>
/// <param name="AccountId">The CRM account.</param>
/// <param name="PlaybookId">The playbook's <c>id</c>.</param>
/// <param name="Version">The playbook version the instance runs on.</param>
/// <param name="State">The name of the current state.</param>
/// <param name="EnteredAt">When the instance entered <paramref name="State"/>; <c>after N days</c> triggers count from here.</param>
/// <param name="Step">How many transitions the instance has taken; part of every idempotency key.</param>
/// <param name="ConditionMask">Bit i set when transition i of the current state was true at the last evaluation (edge triggering).</param>
/// <param name="TrueSince">Per transition of the current state, the day number since which a sustained condition has held, or -1.</param>
public sealed record PlaybookInstance(
    string AccountId,
    string PlaybookId,
    int Version,
    string State,
    DateTimeOffset EnteredAt,
    int Step,
    ulong ConditionMask,
    ImmutableArray<int> TrueSince)
{
    /// <summary>
    /// The experiment the instance was assigned under (the playbook's <c>experiment:</c> when it started, or when it was
    /// last assigned while waiting in its start state), or null when the playbook ran none.
    /// </summary>
    public string? Experiment { get; init; }

    /// <summary>
    /// True when the experiment holds the account out of the play: the instance waits in the start state, is never
    /// evaluated and opens no task or proposal, and the metrics compare it with the treated instances.
    /// </summary>
    public bool HeldOut { get; init; }
}
