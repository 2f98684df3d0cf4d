using CrmSuite.Connector.Backtest;
using static CrmSuite.Connector.Web.ReportTable;

namespace CrmSuite.Connector.Web;

/// <summary>
/// A backtest report as the page's tables, one per chart, the runs side by side (columns suffixed with the run's label,
/// A for the published playbooks, B for the compare folder). Every number is the report's, as `--format json` gives it.
/// </summary>
internal static class BacktestTables
{
    public static IReadOnlyList<string> Ids { get; } = ["totals", "workload", "routing", "csm-load", "proposals", "overlap", "suppressed"];

    public static IReadOnlyList<ReportTable> All(BacktestReport report) =>
        [Totals(report), Workload(report), Routing(report), CsmLoad(report), Proposals(report), Overlap(report), Suppressed(report)];

    /// <summary>
    /// Per week and run: each user's tasks under capacity routing (docs/routing.md): assigned to them, pooled away, held at the
    /// end of the week, and their load against their capacity.
    /// </summary>
    public static ReportTable Routing(BacktestReport report) => new("routing", $"Tasks per CSM and week with capacity routing ({report.Routing})",
        [
            Date("week", "Week"), Text("run", "Run"), Text("user", "CSM"), Count("opened", "Opened"), Count("assigned", "Assigned"),
            Count("pooled", "Pooled"), Count("deferred", "Deferred"), Count("load", "Load"), Count("capacity", "Capacity"),
        ],
        [.. Weeks(report).SelectMany(w => report.Runs.SelectMany((run, r) => run.Weeks[w].Csms.Select(c => (object?[])
        [
            run.Weeks[w].Start, BacktestFormats.Label(r), c.CsmId, c.Tasks, c.Routed.Assigned, c.Routed.Pooled, c.Routed.Deferred, c.Routed.Load, c.Capacity,
        ])))]);

    /// <summary>One row per run: the window's totals.</summary>
    public static ReportTable Totals(BacktestReport report) => new("totals", "Totals of the window",
        [
            Text("run", "Run"), Text("playbooks", "Playbooks"), Count("tasks", "Tasks opened"), Count("csmWeeksOver", "CSM-weeks over capacity"),
            Count("issued", "Proposals issued"), Count("accepted", "Proposals accepted"), Count("twoPlays", "Account-weeks in two plays"),
            Count("suppressed", "Touches suppressed"),
        ],
        [.. report.Runs.Select((run, r) => new object?[]
        {
            BacktestFormats.Label(r), run.Playbooks, run.Total(w => w.TasksOpened), run.Total(w => w.CsmsOverCapacity),
            run.Total(w => w.ProposalsIssued), run.Total(w => w.ProposalsAccepted), run.Total(w => w.AccountsInTwoPlays), run.Total(w => w.SuppressedTotal),
        })]);

    /// <summary>Per week: the capacity, and for each run the tasks opened, the busiest CSM's tasks and the CSMs over capacity.</summary>
    public static ReportTable Workload(BacktestReport report) => new("workload", "Tasks per week, and the busiest CSM against capacity",
        [
            Date("week", "Week"), Count("capacity", "CSM capacity"),
            .. Runs(report).SelectMany(r => new[]
            {
                Count($"tasks{r}", $"Tasks ({r})"), Count($"busiest{r}", $"Busiest CSM ({r})"), Count($"over{r}", $"CSMs over capacity ({r})"),
            }),
        ],
        [.. Weeks(report).Select(w => (object?[])
        [
            report.Runs[0].Weeks[w].Start, report.CsmWeeklyCapacity,
            .. report.Runs.SelectMany(run => new object?[] { run.Weeks[w].TasksOpened, run.Weeks[w].BusiestCsmTasks, run.Weeks[w].CsmsOverCapacity }),
        ])]);

    /// <summary>Per week and run: each CSM's tasks (0 when the CSM got none that week), and the capacity.</summary>
    public static ReportTable CsmLoad(BacktestReport report)
    {
        var csms = report.Runs.SelectMany(r => r.Weeks).SelectMany(w => w.Csms).Select(c => c.CsmId)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new("csm-load", "Tasks per CSM and week, against capacity",
            [Date("week", "Week"), Text("run", "Run"), .. csms.Select(c => Count($"csm:{c}", c)), Count("capacity", "CSM capacity")],
            [.. Weeks(report).SelectMany(w => report.Runs.Select((run, r) =>
            {
                var week = run.Weeks[w];
                return (object?[])
                [
                    week.Start, BacktestFormats.Label(r),
                    .. csms.Select(c => (object?)(week.Csms.FirstOrDefault(l => l.CsmId == c)?.Tasks ?? 0)),
                    report.CsmWeeklyCapacity,
                ];
            }))]);
    }

    public static ReportTable Proposals(BacktestReport report) => new("proposals", "Proposals issued and accepted per week",
        [Date("week", "Week"), .. Runs(report).SelectMany(r => new[] { Count($"issued{r}", $"Issued ({r})"), Count($"accepted{r}", $"Accepted ({r})") })],
        [.. Weeks(report).Select(w => (object?[])
        [
            report.Runs[0].Weeks[w].Start,
            .. report.Runs.SelectMany(run => new object?[] { run.Weeks[w].ProposalsIssued, run.Weeks[w].ProposalsAccepted }),
        ])]);

    public static ReportTable Overlap(BacktestReport report) => new("overlap", "Accounts in two plays at once per week",
        [Date("week", "Week"), .. Runs(report).Select(r => Count($"twoPlays{r}", $"Accounts in two plays ({r})"))],
        [.. Weeks(report).Select(w => (object?[])
        [
            report.Runs[0].Weeks[w].Start, .. report.Runs.Select(run => (object?)run.Weeks[w].AccountsInTwoPlays),
        ])]);

    /// <summary>Per week: for each run, the touches each rule refused.</summary>
    public static ReportTable Suppressed(BacktestReport report) => new("suppressed", "Touches suppressed per week, by rule",
        [Date("week", "Week"), .. Runs(report).SelectMany(r => BacktestReport.Reasons.Select(reason => Count($"{reason}{r}", $"{reason} ({r})")))],
        [.. Weeks(report).Select(w => (object?[])
        [
            report.Runs[0].Weeks[w].Start,
            .. report.Runs.SelectMany(run => BacktestReport.Reasons.Select(reason => (object?)run.Weeks[w].Suppressed[reason])),
        ])]);

    private static IEnumerable<string> Runs(BacktestReport report) => report.Runs.Select((_, r) => BacktestFormats.Label(r));

    private static IEnumerable<int> Weeks(BacktestReport report) => Enumerable.Range(0, report.Runs[0].Weeks.Count);
}
