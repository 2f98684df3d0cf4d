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

    public long Assigned => Csms.Sum(c => c.Routed.Assigned);

    public long Pooled => Csms.Sum(c => c.Routed.Pooled);

    /// <summary>Tasks held at the end of the week, waiting for a later week with room.</summary>
    public long Deferred => Csms.Sum(c => c.Routed.Deferred);
}

/// <summary>
/// Tasks opened for one CSM in a week, against their weekly capacity, and what capacity routing made of them
/// (<see cref="Routed"/>; a pool member without accounts of their own has a row with no tasks opened).
/// </summary>
internal sealed record CsmLoad(string CsmId, int Tasks, int Capacity, RoutedWeek Routed = default)
{
    public bool OverCapacity => Tasks > Capacity;
}

/// <summary>One playbook set replayed: which, and its weeks.</summary>
internal sealed record BacktestRun(string Folder, string Playbooks, IReadOnlyList<BacktestWeek> Weeks)
{
    public long Total(Func<BacktestWeek, long> measure) => Weeks.Sum(measure);
}

/// <summary>A backtest: the window, the warm-up replayed before it, what was replayed, and one run per playbook set (two with --compare).</summary>
/// <param name="Routing">How tasks beyond capacity were routed (<c>Routing:Mode</c>): off, defer or pool.</param>
internal sealed record BacktestReport(
    DateOnly From, DateOnly Through, int WarmUpDays, int CsmWeeklyCapacity, long Accounts, long Evaluations, IReadOnlyList<BacktestRun> Runs, string Routing = "off")
{
    /// <summary>The refusal reasons in report order, named as a playbook's front matter names the rule.</summary>
    public static IReadOnlyList<string> Reasons { get; } =
        [.. Enum.GetValues<GuardrailKind>().Select(k => new GuardrailRefusal(k, "").Rule)];

    /// <param name="capacity">A user's weekly capacity.</param>
    /// <param name="routed">Each user's week under capacity routing.</param>
    public static BacktestWeek Week(DateOnly start, WeekTally tally, Func<string, int> capacity, IReadOnlyDictionary<string, RoutedWeek> routed) => new(
        start,
        tally.TasksOpened,
        tally.ProposalsIssued,
        tally.ProposalsAccepted,
        tally.AccountsInTwoPlays,
        Reasons.Select((r, i) => (r, tally.Suppressed[i])).ToDictionary(p => p.r, p => p.Item2, StringComparer.Ordinal),
        [.. tally.TasksByCsm.Keys.Union(routed.Keys).Order(StringComparer.Ordinal)
            .Select(u => new CsmLoad(u, tally.TasksByCsm.GetValueOrDefault(u), capacity(u), routed.GetValueOrDefault(u)))]);
}
