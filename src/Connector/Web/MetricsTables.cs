using CrmSuite.PlaybookEngine.Metrics;
using static CrmSuite.Connector.Web.ReportTable;

namespace CrmSuite.Connector.Web;

/// <summary>
/// The managers' dashboard's tables, one per chart, from one metrics report (the same report `crmsuite metrics` prints):
/// every number is a field of the report, copied, never recomputed, so the page and the CLI's JSON cannot disagree.
/// The trend tables need the report grouped by month or quarter.
/// </summary>
internal static class MetricsTables
{
    public static IReadOnlyList<ReportTable> All(MetricsReport report) =>
    [
        Retention(report),
        Upgrades(report),
        Waterfall(report),
        Cohorts(report),
        .. report.Funnels.Select(Funnel),
        CsmOutcomes(report),
        Adoption(report),
        // Last: its figures are the tiles at the top; the table of all of them needs no place on the first screen.
        Totals(report),
    ];

    /// <summary>Every figure of the period's total, by its JSON name: the key figures' tiles read this table.</summary>
    public static ReportTable Totals(MetricsReport report)
    {
        var t = report.Total;
        return new("totals", $"The period's figures ({report.Currency})",
            [Text("figure", "Figure"), Text("field", "JSON field"), Number("value", "Value")],
            [.. Figures(t).Select(f => new object?[] { f.Label, f.Field, f.Value })]);
    }

    public static ReportTable Retention(MetricsReport report) => new("retention", "Net and gross revenue retention",
        [Text("group", GroupLabel(report)), Date("from", "From"), Date("to", "To"), Percent("nrr", "NRR"), Percent("grr", "GRR"),
            Percent("logoRetention", "Logo retention"), Money("mrrAtStart", "MRR at start"), Money("cohortMrrAtEnd", "Cohort MRR at end")],
        [.. report.Groups.Select(g => new object?[]
        {
            g.Key, g.From, g.To, g.Figures.Nrr, g.Figures.Grr, g.Figures.LogoRetention, g.Figures.MrrAtStart, g.Figures.CohortMrrAtEnd,
        })]);

    public static ReportTable Upgrades(MetricsReport report) => new("upgrades", "Upgrade rate",
        [Text("group", GroupLabel(report)), Percent("upgradeRate", "Upgrade rate"), Count("upgradedAccounts", "Upgraded accounts"),
            Count("accountsAtStart", "Accounts at start"), Percent("proposalAcceptanceRate", "Proposal acceptance"),
            Percent("trialConversionRate", "Trial conversion")],
        [.. report.Groups.Select(g => new object?[]
        {
            g.Key, g.Figures.UpgradeRate, g.Figures.UpgradedAccounts, g.Figures.AccountsAtStart, g.Figures.ProposalAcceptanceRate,
            g.Figures.TrialConversionRate,
        })]);

    /// <summary>The period's MRR bridge: start, each movement (losses negative), end; the running total is where each bar ends.</summary>
    public static ReportTable Waterfall(MetricsReport report)
    {
        var t = report.Total;
        (string Step, decimal Amount)[] steps =
        [
            ("New", t.NewMrr), ("Expansion", t.ExpansionMrr), ("Reactivation", t.ReactivationMrr),
            ("Contraction", -t.ContractionMrr), ("Churn", -t.ChurnedMrr),
        ];
        var rows = new List<object?[]> { new object?[] { "MRR at start", t.MrrAtStart, t.MrrAtStart } };
        var running = t.MrrAtStart;
        foreach (var (step, amount) in steps)
        {
            running += amount;
            rows.Add([step, amount, running]);
        }

        rows.Add(["MRR at end", t.MrrAtEnd, t.MrrAtEnd]);
        return new("waterfall", $"MRR movements ({report.Currency})", [Text("step", "Step"), Money("amount", "Amount"), Money("runningTotal", "Running total")], rows);
    }

    /// <summary>NRR by the month accounts first paid; column k is the k-th month after.</summary>
    public static ReportTable Cohorts(MetricsReport report)
    {
        var months = report.Cohorts.Count == 0 ? 0 : report.Cohorts.Max(c => c.Nrr.Count);
        return new("cohorts", "NRR by first paying month (cohorts)",
            [Text("month", "Cohort"), Count("accounts", "Accounts"), Money("startMrr", "Start MRR"), .. Enumerable.Range(0, months).Select(k => Percent($"m{k}", $"Month {k}"))],
            [.. report.Cohorts.Select(c => (object?[])
            [
                c.Month, c.Accounts, c.StartMrr, .. Enumerable.Range(0, months).Select(k => k < c.Nrr.Count ? (object?)c.Nrr[k] : null),
            ])]);
    }

    /// <summary>One playbook's funnel: entered, each state, then the proposals' outcomes.</summary>
    public static ReportTable Funnel(PlaybookFunnel funnel) => new($"funnel-{funnel.PlaybookId}", $"Funnel: {funnel.PlaybookId}",
        [Text("step", "Step"), Text("kind", "Kind"), Count("accounts", "Accounts or proposals")],
        [
            ["Entered", "entered", funnel.Entered],
            .. funnel.States.Select(s => new object?[] { s.State, "state", s.Accounts }),
            .. funnel.Outcomes.Select(o => new object?[] { o.Outcome, "outcome", o.Count }),
        ]);

    /// <summary>Per CSM: tasks opened in the period and what became of them, completed ones by outcome (a column per outcome).</summary>
    public static ReportTable CsmOutcomes(MetricsReport report)
    {
        var outcomes = report.Tasks.SelectMany(t => t.Outcomes).Select(o => o.Outcome).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new("csm-outcomes", "CSM task outcomes",
            [Text("csm", "CSM"), Count("opened", "Opened"), Count("completed", "Completed"), Count("superseded", "Superseded"), Count("open", "Open"),
                Percent("completionRate", "Completion rate"), .. outcomes.Select(o => Count($"outcome:{o}", $"Outcome: {o}"))],
            [.. report.Tasks.Select(t => (object?[])
            [
                t.CsmId, t.Opened, t.Completed, t.Superseded, t.Open, t.CompletionRate,
                .. outcomes.Select(o => (object?)(t.Outcomes.FirstOrDefault(x => x.Outcome == o)?.Count ?? 0)),
            ])]);
    }

    public static ReportTable Adoption(MetricsReport report) => new("adoption",
        report.Adoption.Available ? "Adoption after upgrades" : $"Adoption after upgrades ({report.Adoption.Note ?? "not available"})",
        [Count("daysAfterUpgrade", "Days after upgrade"), Count("accounts", "Upgrades with a reading"), Percent("seatUtilization", "Seat utilization"),
            Count("activeUsers", "Active users"), Percent("seatUtilizationChange", "Seat utilization change"), Count("activeUsersChange", "Active users change")],
        [.. report.Adoption.Points.Select(p => new object?[]
        {
            p.DaysAfterUpgrade, p.Accounts, p.SeatUtilization, p.ActiveUsers, p.SeatUtilizationChange, p.ActiveUsersChange,
        })]);

    private static string GroupLabel(MetricsReport report) => report.By == MetricsGrouping.Quarter ? "Quarter" : "Month";

    private static IEnumerable<(string Label, string Field, object? Value)> Figures(MetricsFigures t) =>
    [
        ("NRR", "nrr", t.Nrr), ("GRR", "grr", t.Grr), ("Logo retention", "logo_retention", t.LogoRetention),
        ("Upgrade rate", "upgrade_rate", t.UpgradeRate), ("Proposal acceptance", "proposal_acceptance_rate", t.ProposalAcceptanceRate),
        ("Trial conversion", "trial_conversion_rate", t.TrialConversionRate),
        ("Median days proposal to upgrade", "median_days_proposal_to_upgrade", t.MedianDaysProposalToUpgrade),
        ("MRR at start", "mrr_at_start", t.MrrAtStart), ("MRR at end", "mrr_at_end", t.MrrAtEnd), ("Net new MRR", "net_new_mrr", t.NetNewMrr),
        ("New MRR", "new_mrr", t.NewMrr), ("Expansion MRR", "expansion_mrr", t.ExpansionMrr), ("Contraction MRR", "contraction_mrr", t.ContractionMrr),
        ("Churned MRR", "churned_mrr", t.ChurnedMrr), ("Reactivation MRR", "reactivation_mrr", t.ReactivationMrr),
        ("Cohort MRR at end", "cohort_mrr_at_end", t.CohortMrrAtEnd),
        ("Accounts at start", "accounts_at_start", t.AccountsAtStart), ("Accounts at end", "accounts_at_end", t.AccountsAtEnd),
        ("New accounts", "new_accounts", t.NewAccounts), ("Churned accounts", "churned_accounts", t.ChurnedAccounts),
        ("Reactivated accounts", "reactivated_accounts", t.ReactivatedAccounts), ("Upgraded accounts", "upgraded_accounts", t.UpgradedAccounts),
        ("Proposals answered", "proposals_answered", t.ProposalsAnswered), ("Proposals accepted", "proposals_accepted", t.ProposalsAccepted),
        ("Trials ended", "trials_ended", t.TrialsEnded), ("Trials converted", "trials_converted", t.TrialsConverted),
        ("Proposal upgrades", "proposal_upgrades", t.ProposalUpgrades),
    ];
}
