using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.PlaybookEngine.Tests.Metrics;

public sealed class ExperimentUpliftTests
{
    private static readonly DateOnly From = new(2026, 1, 1);
    private static readonly DateOnly To = new(2026, 6, 30);

    [Fact]
    public void The_two_sided_95_percent_normal_quantile_is_1_96()
    {
        Assert.Equal(1.959964, UpliftStatistics.Z(0.95), 6);
    }

    [Fact]
    public void Wilson_interval_of_10_out_of_50_is_11_2_to_33_0_percent()
    {
        var (lower, upper) = UpliftStatistics.Wilson(10, 50, 0.95);

        Assert.Equal(0.112438, lower, 6);
        Assert.Equal(0.330371, upper, 6);
    }

    [Fact]
    public void Newcombe_interval_matches_his_published_example_56_of_70_against_48_of_80()
    {
        // Newcombe (1998), Statistics in Medicine 17:873, method 10: 0.0524 to 0.3339.
        var u = UpliftStatistics.RateDifference(56, 70, 48, 80, 0.95);

        Assert.Equal(0.2, u.Difference, 10);
        Assert.Equal(0.0524, u.Lower, 4);
        Assert.Equal(0.3339, u.Upper, 4);
        Assert.True(u.IsMeasurable);
    }

    [Fact]
    public void Equal_rates_give_an_interval_around_zero_that_is_not_measurable()
    {
        var u = UpliftStatistics.RateDifference(5, 40, 5, 40, 0.95);

        Assert.Equal((0, -0.1533, 0.1533), (u.Difference, Math.Round(u.Lower, 4), Math.Round(u.Upper, 4)));
        Assert.False(u.IsMeasurable);
    }

    [Fact]
    public void The_bootstrap_interval_of_a_ratio_difference_is_the_same_for_the_same_data_and_holds_the_estimate()
    {
        List<(double, double)> treated = [.. Enumerable.Range(0, 40).Select(i => (100.0, i < 20 ? 150.0 : 100.0))];
        List<(double, double)> heldOut = [.. Enumerable.Range(0, 40).Select(i => (100.0, i < 2 ? 150.0 : 100.0))];

        var first = UpliftStatistics.RatioDifference(treated, heldOut, 0.95);
        var second = UpliftStatistics.RatioDifference(treated, heldOut, 0.95);

        Assert.Equal(first, second);
        Assert.Equal(0.225, first.Difference, 10); // 5000/4000 − 4100/4000
        Assert.InRange(first.Difference, first.Lower, first.Upper);
        Assert.True(first.Lower > 0, $"a 22.5-point gap on 40 accounts each is measurable, got {first.Lower}–{first.Upper}");
    }

    [Fact]
    public void Treated_accounts_that_upgrade_more_often_get_the_uplift_in_percentage_points_with_its_interval()
    {
        var report = Compute(treated: 40, treatedUpgrades: 20, heldOut: 40, heldOutUpgrades: 2);

        var e = Assert.Single(report.Experiments);
        Assert.True(e.EnoughAccounts);
        Assert.Equal((40, 20, 0.5, 1.25), (e.Treated.AccountsAtStart, e.Treated.UpgradedAccounts, e.Treated.UpgradeRate, e.Treated.Nrr));
        Assert.Equal((40, 2, 0.05, 1.025), (e.HeldOut.AccountsAtStart, e.HeldOut.UpgradedAccounts, e.HeldOut.UpgradeRate, e.HeldOut.Nrr));
        Assert.Equal("treated accounts upgraded 45.0 pp more often (95% CI 26.3–60.2 pp)", e.Verdict);
        var upgrade = e.Uplifts.Single(u => u.Metric == "upgrade_rate");
        Assert.Equal((0.45, 0.2625, 0.6024, "newcombe-wilson"), (upgrade.Difference, upgrade.Lower, upgrade.Upper, upgrade.Method));
        Assert.Equal("bootstrap-percentile", e.Uplifts.Single(u => u.Metric == "nrr").Method);
    }

    [Fact]
    public void Treated_accounts_that_upgrade_less_often_read_as_less_often_with_a_positive_interval()
    {
        var report = Compute(treated: 40, treatedUpgrades: 2, heldOut: 40, heldOutUpgrades: 20);

        Assert.Equal("treated accounts upgraded 45.0 pp less often (95% CI 26.3–60.2 pp)", Assert.Single(report.Experiments).Verdict);
    }

    [Fact]
    public void Equal_upgrade_rates_are_no_measurable_difference()
    {
        var report = Compute(treated: 40, treatedUpgrades: 5, heldOut: 40, heldOutUpgrades: 5);

        Assert.Equal("no measurable difference in upgrade rate (0.0 pp, 95% CI -15.3 to 15.3 pp)", Assert.Single(report.Experiments).Verdict);
    }

    [Theory]
    [InlineData(29, 40, "not enough accounts yet: 29 treated, 40 held out paying at the start of the period, need at least 30 in each group")]
    [InlineData(40, 29, "not enough accounts yet: 40 treated, 29 held out paying at the start of the period, need at least 30 in each group")]
    public void Fewer_paying_accounts_than_the_minimum_in_either_group_gives_no_uplift_but_says_how_many_are_needed(int treated, int heldOut, string verdict)
    {
        var e = Assert.Single(Compute(treated, treated / 2, heldOut, 1).Experiments);

        Assert.False(e.EnoughAccounts);
        Assert.Equal(verdict, e.Verdict);
        Assert.Empty(e.Uplifts);
    }

    [Fact]
    public void Thirty_paying_accounts_in_each_group_is_enough_for_a_verdict()
    {
        Assert.True(Assert.Single(Compute(30, 10, 30, 1).Experiments).EnoughAccounts);
    }

    [Fact]
    public void Accounts_not_paying_at_the_start_are_counted_but_outside_every_rate()
    {
        var members = new List<ExperimentMember> { new("p", "e", "new-1", false), new("p", "e", "paying-1", false) };
        var ledger = new List<LedgerEntry>
        {
            new(From.AddDays(10), "new-1", "s-new", 0, 100, "USD", null, "starter", 0, 5),
            new(From.AddDays(-10), "paying-1", "s-old", 0, 100, "USD", null, "starter", 0, 5),
        };

        var e = Assert.Single(ExperimentCalculator.Compute(new ExperimentRequest(From, To, new MetricsOptions()), members, ledger).Experiments);

        Assert.Equal((2, 1, 0), (e.Treated.Accounts, e.Treated.AccountsAtStart, e.HeldOut.Accounts));
        Assert.Null(e.HeldOut.UpgradeRate);
    }

    [Fact]
    public void Churned_accounts_count_in_churn_rate_and_grr()
    {
        var members = new List<ExperimentMember> { new("p", "e", "a", false), new("p", "e", "b", false) };
        var ledger = new List<LedgerEntry>
        {
            new(From.AddDays(-30), "a", "s-a", 0, 100, "USD", null, "starter", 0, 5),
            new(From.AddDays(5), "a", "s-a", 100, 0, "USD", "starter", "starter", 5, 5),
            new(From.AddDays(-30), "b", "s-b", 0, 100, "USD", null, "starter", 0, 5),
        };

        var treated = ExperimentCalculator.Compute(new ExperimentRequest(From, To, new MetricsOptions()), members, ledger).Experiments[0].Treated;

        Assert.Equal((1, 0.5, 0.5, 0.5), (treated.ChurnedAccounts, treated.ChurnRate, treated.Nrr, treated.Grr));
    }

    /// <summary>Accounts paying 100 before the period; the upgraders add seats in it (100 → 150).</summary>
    private static ExperimentReport Compute(int treated, int treatedUpgrades, int heldOut, int heldOutUpgrades)
    {
        var members = new List<ExperimentMember>();
        var ledger = new List<LedgerEntry>();
        void Group(string prefix, int count, int upgrades, bool isHeldOut)
        {
            for (var i = 0; i < count; i++)
            {
                var id = $"{prefix}-{i:D3}";
                members.Add(new ExperimentMember("usage-upgrade", "exp-1", id, isHeldOut));
                ledger.Add(new LedgerEntry(From.AddDays(-30), id, $"s-{id}", 0, 100, "USD", null, "starter", 0, 10));
                if (i < upgrades)
                {
                    ledger.Add(new LedgerEntry(From.AddDays(20), id, $"s-{id}", 100, 150, "USD", "starter", "starter", 10, 15));
                }
            }
        }

        Group("t", treated, treatedUpgrades, isHeldOut: false);
        Group("h", heldOut, heldOutUpgrades, isHeldOut: true);
        return ExperimentCalculator.Compute(new ExperimentRequest(From, To, new MetricsOptions()), members, ledger);
    }
}
