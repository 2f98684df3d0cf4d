using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Backtest;

/// <summary>One replay's counts for one week (Monday to Sunday), added up by the threads that replayed its accounts.</summary>
internal sealed class WeekTally
{
    public long TasksOpened { get; set; }

    public long ProposalsIssued { get; set; }

    public long ProposalsAccepted { get; set; }

    public long AccountsInTwoPlays { get; set; }

    /// <summary>Touches a guardrail or the contact budget refused, by <see cref="GuardrailKind"/>.</summary>
    public long[] Suppressed { get; } = new long[Enum.GetValues<GuardrailKind>().Length];

    /// <summary>Tasks opened per CSM (the account's CSM when the task opened; "(none)" when it has none).</summary>
    public Dictionary<string, int> TasksByCsm { get; } = new(StringComparer.Ordinal);

    /// <summary>The last slot of <see cref="TasksByCsmPriority"/>: help tasks of a rescue play, which may bypass capacity.</summary>
    public static readonly int RescueHelpSlot = Enum.GetValues<TaskPriority>().Length;

    /// <summary>Tasks opened per CSM and priority (indexed by <see cref="TaskPriority"/>, rescue help apart): what capacity routing needs.</summary>
    public Dictionary<string, int[]> TasksByCsmPriority { get; } = new(StringComparer.Ordinal);

    public void Opened(string csm, TaskPriority priority, bool rescueHelp)
    {
        TasksOpened++;
        TasksByCsm[csm] = TasksByCsm.GetValueOrDefault(csm) + 1;
        if (!TasksByCsmPriority.TryGetValue(csm, out var byPriority))
        {
            TasksByCsmPriority[csm] = byPriority = new int[RescueHelpSlot + 1];
        }

        byPriority[rescueHelp ? RescueHelpSlot : (int)priority]++;
    }

    public void Add(WeekTally other)
    {
        TasksOpened += other.TasksOpened;
        ProposalsIssued += other.ProposalsIssued;
        ProposalsAccepted += other.ProposalsAccepted;
        AccountsInTwoPlays += other.AccountsInTwoPlays;
        for (var i = 0; i < Suppressed.Length; i++)
        {
            Suppressed[i] += other.Suppressed[i];
        }

        foreach (var (csm, tasks) in other.TasksByCsm)
        {
            TasksByCsm[csm] = TasksByCsm.GetValueOrDefault(csm) + tasks;
        }

        foreach (var (csm, byPriority) in other.TasksByCsmPriority)
        {
            if (!TasksByCsmPriority.TryGetValue(csm, out var mine))
            {
                TasksByCsmPriority[csm] = mine = new int[byPriority.Length];
            }

            for (var i = 0; i < byPriority.Length; i++)
            {
                mine[i] += byPriority[i];
            }
        }
    }
}

/// <summary>
/// The weeks of a backtest window: week 0 starts on the Monday on or before the first day. The replay starts
/// <paramref name="WarmUpDays"/> before <paramref name="From"/> so every account is in the state its history put it in by
/// then, not in its playbooks' start state; the warm-up days are replayed but not reported (docs/backtest.md, "Warm-up").
/// </summary>
internal readonly record struct BacktestWindow(DateOnly From, DateOnly Through, int WarmUpDays = 0)
{
    /// <summary>The longest window: three years of days.</summary>
    public const int MaxDays = 1096;

    /// <summary>The default warm-up: long enough for the shipped playbooks' waits (30-day timers, quiet periods) to fall out of step.</summary>
    public const int DefaultWarmUpDays = 90;

    /// <summary>The longest warm-up: a year.</summary>
    public const int MaxWarmUpDays = 365;

    /// <summary>The first day replayed (the warm-up's first day, or <see cref="From"/> without one).</summary>
    public DateOnly ReplayFrom => From.AddDays(-WarmUpDays);

    /// <summary>Whether <paramref name="day"/> is counted in the report (not a warm-up day).</summary>
    public bool Reports(DateOnly day) => day >= From;

    public DateOnly FirstMonday => From.AddDays(-(((int)From.DayOfWeek + 6) % 7));

    public int Weeks => ((Through.DayNumber - FirstMonday.DayNumber) / 7) + 1;

    public int Days => Through.DayNumber - From.DayNumber + 1;

    public int WeekOf(DateOnly day) => (day.DayNumber - FirstMonday.DayNumber) / 7;

    public DateOnly WeekStart(int week) => FirstMonday.AddDays(week * 7);

    public WeekTally[] NewTallies()
    {
        var weeks = new WeekTally[Weeks];
        for (var i = 0; i < weeks.Length; i++)
        {
            weeks[i] = new WeekTally();
        }

        return weeks;
    }
}
