using CrmSuite.PlaybookEngine.Metrics;
using static CrmSuite.PlaybookEngine.Tests.Metrics.Ledger;

namespace CrmSuite.PlaybookEngine.Tests.Metrics;

/// <summary>NRR, GRR, logo retention and the MRR movements on small hand-computed ledgers (docs/metrics.md, "Definitions").</summary>
public sealed class RetentionTests
{
    [Fact]
    public void An_account_new_inside_the_period_counts_as_new_mrr_but_not_in_the_nrr_cohort()
    {
        var total = new Ledger().Set("2024-12-01", "old", 100m).Set("2025-01-15", "fresh", 50m).Report("2025-01-01", "2025-01-31").Total;

        Assert.Equal((1, 100m, 2, 150m), (total.AccountsAtStart, total.MrrAtStart, total.AccountsAtEnd, total.MrrAtEnd));
        Assert.Equal((50m, 1), (total.NewMrr, total.NewAccounts));
        Assert.Equal((100m, 1m, 1m), (total.CohortMrrAtEnd, total.Nrr, total.Grr));
    }

    [Fact]
    public void A_downgrade_then_an_upgrade_in_one_period_shows_both_movements_but_grr_loses_nothing()
    {
        var total = new Ledger()
            .Set("2024-12-01", "a", 100m, seats: 10)
            .Set("2025-01-05", "a", 50m, seats: 5)
            .Set("2025-01-25", "a", 120m, tier: "professional", seats: 5)
            .Report("2025-01-01", "2025-01-31").Total;

        Assert.Equal((50m, 70m, 20m), (total.ContractionMrr, total.ExpansionMrr, total.NetNewMrr));
        Assert.Equal((1.2m, 1m), (total.Nrr, total.Grr));
        Assert.Equal((1, 1m), (total.UpgradedAccounts, total.UpgradeRate));
    }

    [Fact]
    public void A_cohort_account_that_churns_and_returns_in_the_period_is_churn_plus_reactivation_and_still_retained()
    {
        var total = new Ledger().Set("2024-12-01", "a", 100m).Set("2025-01-05", "a", 0m).Set("2025-01-20", "a", 80m).Report("2025-01-01", "2025-01-31").Total;

        Assert.Equal((100m, 80m, 1, 1), (total.ChurnedMrr, total.ReactivationMrr, total.ChurnedAccounts, total.ReactivatedAccounts));
        Assert.Equal((0.8m, 0.8m, 1m), (total.Nrr, total.Grr, total.LogoRetention));
    }

    [Fact]
    public void An_account_that_churned_before_the_period_and_returns_in_it_is_a_reactivation_outside_the_cohort()
    {
        var total = new Ledger().Set("2024-06-01", "a", 100m).Set("2024-09-01", "a", 0m).Set("2025-01-10", "a", 70m).Report("2025-01-01", "2025-01-31").Total;

        Assert.Equal((0, 0m), (total.AccountsAtStart, total.MrrAtStart));
        Assert.Equal((70m, 0m, 1), (total.ReactivationMrr, total.NewMrr, total.ReactivatedAccounts));
    }

    [Fact]
    public void A_return_later_than_the_reactivation_window_is_new_business_again()
    {
        var ledger = new Ledger().Set("2024-01-01", "a", 100m).Set("2024-02-01", "a", 0m).Set("2025-01-10", "a", 70m);

        var windowed = ledger.Report("2025-01-01", "2025-01-31", options: new MetricsOptions { ReactivationWindowDays = 90 }).Total;
        var unlimited = ledger.Report("2025-01-01", "2025-01-31").Total;

        Assert.Equal((70m, 0m), (windowed.NewMrr, windowed.ReactivationMrr));
        Assert.Equal((0m, 70m), (unlimited.NewMrr, unlimited.ReactivationMrr));
    }

    [Fact]
    public void A_period_that_starts_with_no_paying_account_has_no_nrr_grr_or_upgrade_rate()
    {
        var total = new Ledger().Set("2025-01-10", "a", 70m).Report("2025-01-01", "2025-01-31").Total;

        Assert.Equal(0m, total.MrrAtStart);
        Assert.Null(total.Nrr);
        Assert.Null(total.Grr);
        Assert.Null(total.LogoRetention);
        Assert.Null(total.UpgradeRate);
        Assert.Equal(70m, total.MrrAtEnd);
    }

    [Fact]
    public void An_account_new_and_churned_in_one_period_counts_in_both_new_and_churned_mrr()
    {
        var total = new Ledger().Set("2025-01-03", "a", 40m).Set("2025-01-20", "a", 0m).Report("2025-01-01", "2025-01-31").Total;

        Assert.Equal((40m, 40m, 1, 1, 0m), (total.NewMrr, total.ChurnedMrr, total.NewAccounts, total.ChurnedAccounts, total.MrrAtEnd));
    }

    [Fact]
    public void Several_subscriptions_of_one_account_fold_into_one_movement_per_day()
    {
        var total = new Ledger()
            .Set("2024-12-01", "a", 100m, "s1").Set("2024-12-01", "a", 50m, "s2")
            .Set("2025-01-10", "a", 0m, "s1").Set("2025-01-10", "a", 120m, "s2")
            .Set("2025-01-20", "a", 0m, "s2").Set("2025-01-20", "a", 30m, "s3")
            .Report("2025-01-01", "2025-01-31").Total;

        // Day 10: 150 → 120 (one contraction, not a churn and an expansion); day 20: 120 → 30 (a contraction, not churn).
        Assert.Equal((120m, 0m, 0m, 0), (total.ContractionMrr, total.ExpansionMrr, total.ChurnedMrr, total.ChurnedAccounts));
        Assert.Equal((0.2m, 0.2m), (total.Nrr, total.Grr));
    }

    [Fact]
    public void Churn_counts_on_the_cancellation_day_by_default_and_after_the_paid_period_with_period_end()
    {
        var ledger = new Ledger().Set("2024-12-01", "a", 100m).Set("2025-01-10", "a", 0m, paidThrough: "2025-02-28");

        var atCancellation = ledger.Report("2025-01-01", "2025-01-31").Total;
        var atPeriodEnd = ledger.Report("2025-01-01", "2025-02-28", by: MetricsGrouping.Month, options: new MetricsOptions { ChurnAt = ChurnTiming.PeriodEnd });

        Assert.Equal(100m, atCancellation.ChurnedMrr);
        Assert.Equal((100m, 0m), (atPeriodEnd.Total.MrrAtEnd, atPeriodEnd.Total.ChurnedMrr));
        Assert.Equal(100m, ledger.Report("2025-03-01", "2025-03-31", options: new MetricsOptions { ChurnAt = ChurnTiming.PeriodEnd }).Total.ChurnedMrr);
    }

    [Fact]
    public void A_return_before_the_paid_period_ends_is_no_churn_when_churn_counts_at_period_end()
    {
        var total = new Ledger().Set("2024-12-01", "a", 100m).Set("2025-01-10", "a", 0m, paidThrough: "2025-02-28").Set("2025-02-01", "a", 100m)
            .Report("2025-01-01", "2025-03-31", options: new MetricsOptions { ChurnAt = ChurnTiming.PeriodEnd }).Total;

        Assert.Equal((0m, 0m, 1m), (total.ChurnedMrr, total.ReactivationMrr, total.Nrr));
    }

    [Fact]
    public void Every_month_s_waterfall_adds_up_from_start_to_end_mrr()
    {
        var report = new Ledger()
            .Set("2024-11-01", "a", 100m).Set("2025-01-10", "a", 150m).Set("2025-02-10", "a", 0m)
            .Set("2025-01-05", "b", 60m).Set("2025-03-01", "b", 40m)
            .Set("2024-05-01", "c", 30m).Set("2024-06-01", "c", 0m).Set("2025-03-15", "c", 25m)
            .Report("2025-01-01", "2025-03-31", by: MetricsGrouping.Month);

        foreach (var f in report.Groups.Select(g => g.Figures).Append(report.Total))
        {
            Assert.Equal(f.MrrAtEnd, f.MrrAtStart + f.NewMrr + f.ExpansionMrr + f.ReactivationMrr - f.ContractionMrr - f.ChurnedMrr);
        }

        Assert.Equal([100m, 210m, 60m], report.Groups.Select(g => g.Figures.MrrAtStart));
        Assert.Equal(65m, report.Total.MrrAtEnd);
    }

    [Fact]
    public void Quarters_are_calendar_quarters_clipped_to_the_period()
    {
        var report = new Ledger().Set("2025-01-01", "a", 10m).Report("2025-02-15", "2025-07-10", by: MetricsGrouping.Quarter);

        Assert.Equal(
            [("2025-Q1", D("2025-02-15"), D("2025-03-31")), ("2025-Q2", D("2025-04-01"), D("2025-06-30")), ("2025-Q3", D("2025-07-01"), D("2025-07-10"))],
            report.Groups.Select(g => (g.Key, g.From, g.To)));
    }

    [Fact]
    public void The_cohort_table_follows_accounts_from_the_month_they_first_paid()
    {
        var report = new Ledger()
            .Set("2025-01-10", "a", 100m).Set("2025-02-10", "a", 150m)
            .Set("2025-01-20", "b", 100m).Set("2025-03-05", "b", 0m)
            .Set("2025-02-02", "c", 40m)
            .Report("2025-01-01", "2025-03-31");

        var january = report.Cohorts[0];
        Assert.Equal(("2025-01", 2, 200m), (january.Month, january.Accounts, january.StartMrr));
        Assert.Equal([1m, 1.25m, 0.75m], january.Nrr);
        Assert.Equal(("2025-02", 1), (report.Cohorts[1].Month, report.Cohorts[1].Accounts));
        Assert.Equal([1m, 1m], report.Cohorts[1].Nrr);
        Assert.Equal(0, report.Cohorts[2].Accounts);
        Assert.Equal([(decimal?)null], report.Cohorts[2].Nrr);
    }
}
