using CrmSuite.Connector.Metrics;
using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Tests.Experiments;

/// <summary>The experiments table prints each message variant set under its experiment, as docs/metrics.md shows it.</summary>
public sealed class VariantTableTests
{
    private static readonly DateOnly From = new(2026, 1, 1);

    [Fact]
    public void The_table_lists_control_first_then_each_variant_with_its_rate_and_verdict()
    {
        var members = new List<ExperimentMember>();
        var variants = new List<VariantMember>();
        var ledger = new List<LedgerEntry>();
        foreach (var (name, upgrades) in new[] { ("control", 2), ("short", 20) })
        {
            for (var i = 0; i < 40; i++)
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

        var report = ExperimentCalculator.Compute(new ExperimentRequest(From, new DateOnly(2026, 6, 30), new MetricsOptions()), members, ledger, variants);
        var lines = ExperimentText.Table(report).Split('\n');

        var at = Array.IndexOf(lines, "  message variants of CheckIn/task/1");
        Assert.True(at > 0, ExperimentText.Table(report));
        Assert.Equal("    variant           accounts  at start  upgraded      rate  verdict", lines[at + 1]);
        Assert.Equal("    control                 40        40         2      0.05  the message as written, which the other variants are compared with", lines[at + 2]);
        Assert.Equal(
            "    short                   40        40        20       0.5  accounts given `short` upgraded 45.0 pp more often than with `control` (95% CI 26.3–60.2 pp)",
            lines[at + 3]);
    }
}
