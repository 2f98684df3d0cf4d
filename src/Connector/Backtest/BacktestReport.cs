using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Backtest;

/// <summary>One week of one replay: what opened, what was refused and why, and each CSM's load against the capacity.</summary>
internal sealed record BacktestWeek(
    DateOnly Start,
    long TasksOpened,
    long ProposalsIssued,
    long ProposalsAccepted,
    long AccountsInTwoPlays,
    IReadOnlyDictionary<string, long> Suppressed,
    IReadOnlyList<CsmLoad> Csms)
{
    public long SuppressedTotal => Suppressed.Values.Sum();

    public int CsmsOverCapacity => Csms.Count(c => c.OverCapacity);

    public int BusiestCsmTasks => Csms.Count == 0 ? 0 : Csms.Max(c => c.Tasks);
}

/// <summary>Tasks opened for one CSM in a week, against the weekly capacity.</summary>
internal sealed record CsmLoad(string CsmId, int Tasks, int Capacity)
{
    public bool OverCapacity => Tasks > Capacity;
}

/// <summary>One playbook set replayed: which, and its weeks.</summary>
internal sealed record BacktestRun(string Folder, string Playbooks, IReadOnlyList<BacktestWeek> Weeks)
{
    public long Total(Func<BacktestWeek, long> measure) => Weeks.Sum(measure);
}

/// <summary>A backtest: the window, the warm-up replayed before it, what was replayed, and one run per playbook set (two with --compare).</summary>
internal sealed record BacktestReport(DateOnly From, DateOnly Through, int WarmUpDays, int CsmWeeklyCapacity, long Accounts, long Evaluations, IReadOnlyList<BacktestRun> Runs)
{
    /// <summary>The refusal reasons in report order, named as a playbook's front matter names the rule.</summary>
    public static IReadOnlyList<string> Reasons { get; } =
        [.. Enum.GetValues<GuardrailKind>().Select(k => new GuardrailRefusal(k, "").Rule)];

    public static BacktestWeek Week(DateOnly start, WeekTally tally, int capacity) => new(
        start,
        tally.TasksOpened,
        tally.ProposalsIssued,
        tally.ProposalsAccepted,
        tally.AccountsInTwoPlays,
        Reasons.Select((r, i) => (r, tally.Suppressed[i])).ToDictionary(p => p.r, p => p.Item2, StringComparer.Ordinal),
        [.. tally.TasksByCsm.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new CsmLoad(p.Key, p.Value, capacity))]);
}
