using CrmSuite.PlaybookEngine.Metrics;
using static CrmSuite.PlaybookEngine.Tests.Metrics.Ledger;

namespace CrmSuite.PlaybookEngine.Tests.Metrics;

/// <summary>Upgrade rate, proposals, trials, funnels, CSM tasks, groups and adoption (docs/metrics.md).</summary>
public sealed class ActivityTests
{
    private static readonly AccountProfile[] Accounts =
    [
        new("a", "smb", "retail", "csm-1"),
        new("b", "enterprise", "software", "csm-2"),
        new("c", "smb", "software", null),
    ];

    private static Ledger ThreeAccounts() => new Ledger()
        .Set("2024-12-01", "a", 100m, seats: 10)
        .Set("2024-12-01", "b", 1000m, tier: "professional", seats: 50)
        .Set("2024-12-01", "c", 50m)
        .Set("2025-01-20", "a", 150m, seats: 15, proposal: "p-a")
        .Set("2025-02-10", "c", 50m, tier: "professional", seats: 10);

    private static MetricsActivity Activity(IEnumerable<TransitionRecord>? transitions = null, IEnumerable<TaskRecord>? tasks = null) => new(
        Accounts,
        transitions ?? [],
        [
            new ProposalRecord("p-a", "a", "usage-upgrade", D("2025-01-08"), ProposalOutcome.Accepted, D("2025-01-18")),
            new ProposalRecord("p-b", "b", "renewal-upgrade", D("2025-01-02"), ProposalOutcome.Declined, D("2025-01-10")),
            new ProposalRecord("p-c", "c", "usage-upgrade", D("2025-01-02"), ProposalOutcome.Expired, D("2025-01-30")),
            new ProposalRecord("p-open", "c", "usage-upgrade", D("2025-02-20"), ProposalOutcome.Open, null),
            new ProposalRecord("t-c", "c", "tier-trial", D("2025-01-25"), ProposalOutcome.Accepted, D("2025-01-27"), "professional", 14),
            new ProposalRecord("t-b", "b", "tier-trial", D("2025-01-25"), ProposalOutcome.Accepted, D("2025-01-27"), "enterprise", 14),
        ],
        tasks ?? []);

    [Fact]
    public void Upgrade_rate_counts_cohort_accounts_that_moved_to_a_higher_tier_or_more_seats()
    {
        var total = ThreeAccounts().Report("2025-01-01", "2025-03-31", activity: Activity()).Total;

        Assert.Equal((2, 3, 0.6667m), (total.UpgradedAccounts, total.AccountsAtStart, total.UpgradeRate));
    }

    [Fact]
    public void Proposal_acceptance_counts_accepted_declined_and_expired_answers_in_the_period()
    {
        var total = ThreeAccounts().Report("2025-01-01", "2025-03-31", activity: Activity()).Total;

        // p-a accepted, p-b declined, p-c expired, t-c and t-b accepted (trial offers are proposals too); p-open has no answer.
        Assert.Equal((5, 3, 0.6m), (total.ProposalsAnswered, total.ProposalsAccepted, total.ProposalAcceptanceRate));
    }

    [Fact]
    public void Days_from_proposal_to_upgrade_are_measured_on_the_license_change_the_proposal_made()
    {
        var total = ThreeAccounts().Report("2025-01-01", "2025-03-31", activity: Activity()).Total;

        Assert.Equal((1, 12m), (total.ProposalUpgrades, total.MedianDaysProposalToUpgrade));
    }

    [Fact]
    public void A_trial_converts_when_the_account_reaches_the_trialled_tier_by_its_end_plus_the_grace_days()
    {
        // c's trial of professional ends 2025-02-10 and c moves to professional that day; b never reaches enterprise.
        var total = ThreeAccounts().Report("2025-01-01", "2025-03-31", activity: Activity()).Total;
        var strict = ThreeAccounts().Report("2025-01-01", "2025-03-31", activity: Activity(), options: new MetricsOptions { TrialGraceDays = 0 }).Total;

        Assert.Equal((2, 1, 0.5m), (total.TrialsEnded, total.TrialsConverted, total.TrialConversionRate));
        Assert.Equal(1, strict.TrialsConverted);
    }

    [Fact]
    public void Grouping_by_segment_uses_the_account_s_current_segment()
    {
        var report = ThreeAccounts().Report("2025-01-01", "2025-03-31", MetricsGrouping.Segment, activity: Activity());

        Assert.Equal(["enterprise", "smb"], report.Groups.Select(g => g.Key));
        Assert.Equal((2, 150m, 200m), (report.Groups[1].Figures.AccountsAtStart, report.Groups[1].Figures.MrrAtStart, report.Groups[1].Figures.MrrAtEnd));
        Assert.Equal((2, 1), (report.Groups[0].Figures.ProposalsAnswered, report.Groups[0].Figures.TrialsEnded));
    }

    [Fact]
    public void Grouping_by_csm_puts_accounts_without_one_under_none()
    {
        var report = ThreeAccounts().Report("2025-01-01", "2025-03-31", MetricsGrouping.Csm, activity: Activity());

        Assert.Equal(["(none)", "csm-1", "csm-2"], report.Groups.Select(g => g.Key));
    }

    [Fact]
    public void Grouping_by_playbook_counts_an_account_in_every_playbook_it_has_been_in_and_proposals_under_their_playbook()
    {
        var transitions = new[]
        {
            new TransitionRecord("a", "usage-upgrade", null, "Watching", D("2024-12-15")),
            new TransitionRecord("a", "renewal-upgrade", null, "Review", D("2025-01-03")),
        };

        var report = ThreeAccounts().Report("2025-01-01", "2025-03-31", MetricsGrouping.Playbook, activity: Activity(transitions));
        var groups = report.Groups.ToDictionary(g => g.Key);

        Assert.Equal(["(none)", "renewal-upgrade", "tier-trial", "usage-upgrade"], report.Groups.Select(g => g.Key));
        Assert.Equal((1, 1), (groups["usage-upgrade"].Figures.AccountsAtStart, groups["renewal-upgrade"].Figures.AccountsAtStart));
        Assert.Equal(2, groups["(none)"].Figures.AccountsAtStart);
        Assert.Equal((2, 1), (groups["usage-upgrade"].Figures.ProposalsAnswered, groups["usage-upgrade"].Figures.ProposalsAccepted));
    }

    [Fact]
    public void A_filter_keeps_only_the_accounts_it_names()
    {
        var total = ThreeAccounts().Report("2025-01-01", "2025-03-31", activity: Activity(), filter: new MetricsFilter(Segment: "smb")).Total;

        Assert.Equal((2, 150m), (total.AccountsAtStart, total.MrrAtStart));
        Assert.Equal(3, total.ProposalsAnswered);
    }

    [Fact]
    public void A_funnel_counts_accounts_entering_the_playbook_and_each_state_in_the_period()
    {
        var transitions = new[]
        {
            new TransitionRecord("a", "usage-upgrade", null, "Watching", D("2024-12-15")),
            new TransitionRecord("a", "usage-upgrade", "Watching", "TierProposal", D("2025-01-08")),
            new TransitionRecord("b", "usage-upgrade", null, "Watching", D("2025-01-04")),
            new TransitionRecord("b", "usage-upgrade", "Watching", "Cooling", D("2025-01-10")),
            new TransitionRecord("b", "usage-upgrade", "Cooling", "Watching", D("2025-01-20")),
            new TransitionRecord("c", "usage-upgrade", null, "Watching", D("2025-04-04")),
        };

        var funnel = Assert.Single(ThreeAccounts().Report("2025-01-01", "2025-03-31", activity: Activity(transitions)).Funnels, f => f.PlaybookId == "usage-upgrade");

        Assert.Equal(1, funnel.Entered);
        Assert.Equal([new FunnelStep("Cooling", 1), new FunnelStep("TierProposal", 1), new FunnelStep("Watching", 1)], funnel.States);
        Assert.Equal([new OutcomeCount("accepted", 1), new OutcomeCount("expired", 1)], funnel.Outcomes);
    }

    [Fact]
    public void Csm_task_completion_counts_the_tasks_opened_in_the_period_by_outcome()
    {
        var tasks = new[]
        {
            new TaskRecord("a", "csm-1", "usage-upgrade", "CheckIn", D("2025-01-02"), TaskProgress.Completed, "reached"),
            new TaskRecord("a", "csm-1", "usage-upgrade", "CheckIn", D("2025-01-09"), TaskProgress.Completed, "reached"),
            new TaskRecord("a", "csm-1", "usage-upgrade", "FollowUp", D("2025-01-12"), TaskProgress.Superseded, null),
            new TaskRecord("a", "csm-1", "usage-upgrade", "FollowUp", D("2025-02-12"), TaskProgress.Open, null),
            new TaskRecord("c", null, "usage-upgrade", "CheckIn", D("2025-02-12"), TaskProgress.Completed, "no_answer"),
            new TaskRecord("a", "csm-1", "usage-upgrade", "CheckIn", D("2024-12-30"), TaskProgress.Completed, "reached"),
        };

        var rows = ThreeAccounts().Report("2025-01-01", "2025-03-31", activity: Activity(tasks: tasks)).Tasks;

        Assert.Equal(["(none)", "csm-1"], rows.Select(r => r.CsmId));
        Assert.Equal((4, 2, 1, 1, 0.6667m), (rows[1].Opened, rows[1].Completed, rows[1].Superseded, rows[1].Open, rows[1].CompletionRate));
        Assert.Equal([new OutcomeCount("reached", 2)], rows[1].Outcomes);
    }

    [Fact]
    public void Without_usage_history_adoption_says_so_instead_of_showing_zeros()
    {
        var adoption = ThreeAccounts().Report("2025-01-01", "2025-03-31").Adoption;

        Assert.Equal((false, "no usage history", 2), (adoption.Available, adoption.Note, adoption.Upgrades));
        Assert.Empty(adoption.Points);
    }

    [Fact]
    public void Adoption_compares_usage_30_60_and_90_days_after_an_upgrade_with_the_reading_before()
    {
        var usage = new[]
        {
            new UsageReading("a", D("2025-01-15"), 0.9m, 9),
            new UsageReading("a", D("2025-02-15"), 0.7m, 12),
            new UsageReading("a", D("2025-03-15"), 0.8m, 13),
            new UsageReading("c", D("2025-02-01"), 0.5m, 5),
            new UsageReading("c", D("2025-03-01"), 0.6m, 7),
            new UsageReading("b", D("2025-02-01"), 0.1m, 1),
        };

        var adoption = ThreeAccounts().Report("2025-01-01", "2025-03-31", usage: usage).Adoption;

        Assert.True(adoption.Available);
        Assert.Equal([0, 30, 60, 90], adoption.Points.Select(p => p.DaysAfterUpgrade));
        Assert.Equal(new AdoptionPoint(0, 2, 0.7m, 7m, 0m, 0m), adoption.Points[0]);
        Assert.Equal(new AdoptionPoint(30, 2, 0.65m, 9.5m, -0.05m, 2.5m), adoption.Points[1]);
        Assert.Equal(new AdoptionPoint(60, 1, 0.8m, 13m, -0.1m, 4m), adoption.Points[2]);
        Assert.Equal(new AdoptionPoint(90, 0, null, null, null, null), adoption.Points[3]);
    }

    [Fact]
    public void A_ledger_not_grouped_by_account_is_refused()
    {
        var entries = new[]
        {
            new LedgerEntry(D("2025-01-01"), "a", "a1", 0m, 10m, "USD", null, "starter", 0, 1),
            new LedgerEntry(D("2025-01-01"), "b", "b1", 0m, 10m, "USD", null, "starter", 0, 1),
            new LedgerEntry(D("2025-01-02"), "a", "a1", 10m, 20m, "USD", "starter", "starter", 1, 2),
        };

        var error = Assert.Throws<MetricsException>(() =>
            MetricsCalculator.Fold(new MetricsRequest(D("2025-01-01"), D("2025-01-31"), MetricsGrouping.None, new MetricsOptions()), MetricsActivity.None, entries));

        Assert.Contains("account a", error.Message, StringComparison.Ordinal);
    }
}
