using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.PlaybookEngine.Tests.Metrics;

/// <summary>Per-variant upgrade rate of a message variant set, each variant against <c>control</c>, with the experiments' interval and verdicts.</summary>
public sealed class VariantUpliftTests
{
    private static readonly DateOnly From = new(2026, 1, 1);
    private static readonly DateOnly To = new(2026, 6, 30);

    [Fact]
    public void Each_variant_gets_its_upgrade_rate_and_its_difference_from_control_with_the_newcombe_interval()
    {
        var report = Compute(("control", 40, 2), ("short", 40, 20));

        var set = Assert.Single(Assert.Single(report.Experiments).VariantSets);
        Assert.Equal("CheckIn/task/1", set.VariantSet);
        Assert.Equal(["control", "short"], set.Variants.Select(v => v.Variant));
        var control = set.Variants[0];
        Assert.Equal((40, 40, 2, 0.05), (control.Accounts, control.AccountsAtStart, control.UpgradedAccounts, control.UpgradeRate));
        Assert.Null(control.VsControl);
        var variant = set.Variants[1];
        Assert.Equal((40, 20, 0.5), (variant.AccountsAtStart, variant.UpgradedAccounts, variant.UpgradeRate));
        Assert.Equal((0.45, 0.2625, 0.6024, "newcombe-wilson"), (variant.VsControl!.Difference, variant.VsControl.Lower, variant.VsControl.Upper, variant.VsControl.Method));
        Assert.Equal("accounts given `short` upgraded 45.0 pp more often than with `control` (95% CI 26.3–60.2 pp)", variant.Verdict);
    }

    [Fact]
    public void A_variant_with_fewer_paying_accounts_than_the_minimum_has_no_comparison_and_says_how_many_are_needed()
    {
        var report = Compute(("control", 40, 2), ("short", 40, 20), ("plans", 12, 6));

        var plans = Assert.Single(report.Experiments).VariantSets[0].Variants.Single(v => v.Variant == "plans");
        Assert.Null(plans.VsControl);
        Assert.Equal("not enough accounts yet: 12 with `plans`, 40 with `control` paying at the start of the period, need at least 30 in each", plans.Verdict);
    }

    [Fact]
    public void Equal_rates_are_no_measurable_difference_against_control()
    {
        var report = Compute(("control", 40, 5), ("short", 40, 5));

        Assert.Equal("no measurable difference in upgrade rate against `control` (0.0 pp, 95% CI -15.3 to 15.3 pp)",
            report.Experiments[0].VariantSets[0].Variants[1].Verdict);
    }

    [Fact]
    public void Without_variants_an_experiment_has_no_variant_sets()
    {
        var members = new List<ExperimentMember> { new("p", "e", "a", false) };
        var ledger = new List<LedgerEntry> { new(From.AddDays(-10), "a", "s-a", 0, 100, "USD", null, "starter", 0, 5) };

        Assert.Empty(ExperimentCalculator.Compute(new ExperimentRequest(From, To, new MetricsOptions()), members, ledger).Experiments[0].VariantSets);
    }

    /// <summary>Treated accounts paying 100 before the period, each given one variant of CheckIn/task/1; the upgraders go 100 → 150 in it.</summary>
    private static ExperimentReport Compute(params (string Variant, int Accounts, int Upgrades)[] groups)
    {
        var members = new List<ExperimentMember>();
        var variants = new List<VariantMember>();
        var ledger = new List<LedgerEntry>();
        foreach (var (name, count, upgrades) in groups)
        {
            for (var i = 0; i < count; i++)
            {
                var id = $"{name}-{i:D3}";
                members.Add(new ExperimentMember("usage-upgrade", "exp-1", id, false));
                variants.Add(new VariantMember("usage-upgrade", "exp-1", "CheckIn/task/1", name, id));
                ledger.Add(new LedgerEntry(From.AddDays(-30), id, $"s-{id}", 0, 100, "USD", null, "starter", 0, 10));
                if (i < upgrades)
                {
                    ledger.Add(new LedgerEntry(From.AddDays(20), id, $"s-{id}", 100, 150, "USD", "starter", "starter", 10, 15));
                }
            }
        }

        return ExperimentCalculator.Compute(new ExperimentRequest(From, To, new MetricsOptions()), members, ledger, variants);
    }
}
