namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>
/// What the report reads beside the ledger: accounts (for groups and filters), playbook transitions (funnels, playbook
/// membership), proposals (acceptance, trials, time to upgrade) and tasks (CSM outcomes). Transitions and tasks are
/// read once, in order, and never kept.
/// </summary>
/// <param name="Accounts">Every account's current profile.</param>
/// <param name="Transitions">The audit log's transitions, in any order.</param>
/// <param name="Proposals">Every proposal.</param>
/// <param name="Tasks">Every task, in any order.</param>
public sealed record MetricsActivity(
    IReadOnlyList<AccountProfile> Accounts,
    IEnumerable<TransitionRecord> Transitions,
    IReadOnlyList<ProposalRecord> Proposals,
    IEnumerable<TaskRecord> Tasks)
{
    /// <summary>No accounts, transitions, proposals or tasks: a report from the ledger alone.</summary>
    public static MetricsActivity None { get; } = new([], [], [], []);
}

/// <summary>An upgrade in the report's period: an account moved a subscription to a higher tier or more seats.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Day">The day of the upgrade.</param>
public readonly record struct UpgradeMoment(string AccountId, DateOnly Day);
