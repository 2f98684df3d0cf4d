using System.Globalization;
using System.Text;
using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Metrics;

/// <summary>The experiments report as a table for people and as CSV (one row per experiment, the JSON names as headers).</summary>
internal static class ExperimentText
{
    private static readonly string[] Metrics = ["upgrade_rate", "churn_rate", "nrr", "grr"];

    private static readonly IReadOnlyList<(string Name, Func<ExperimentGroupFigures, object?> Value)> Figures =
    [
        ("accounts", f => f.Accounts),
        ("accounts_at_start", f => f.AccountsAtStart),
        ("upgraded_accounts", f => f.UpgradedAccounts),
        ("upgrade_rate", f => f.UpgradeRate),
        ("churned_accounts", f => f.ChurnedAccounts),
        ("churn_rate", f => f.ChurnRate),
        ("mrr_at_start", f => f.MrrAtStart),
        ("cohort_mrr_at_end", f => f.CohortMrrAtEnd),
        ("nrr", f => f.Nrr),
        ("grr", f => f.Grr),
    ];

    public static string Table(ExperimentReport report)
    {
        var w = new StringBuilder();
        w.Append(CultureInfo.InvariantCulture,
            $"Experiments {Day(report.From)} to {Day(report.To)} ({report.Currency}; {report.Confidence * 100:0.##}% confidence; at least {report.MinAccountsPerGroup} paying accounts per group)\n");
        if (report.Experiments.IsEmpty)
        {
            w.Append("  no experiment: no playbook instance was assigned under an `experiment:` (docs/playbook-format.md)\n");
            return w.ToString();
        }

        foreach (var e in report.Experiments)
        {
            w.Append('\n').Append(CultureInfo.InvariantCulture, $"{e.PlaybookId} / {e.Experiment}\n");
            w.Append(CultureInfo.InvariantCulture, $"  {"",-18}{"treated",12}{"held out",12}\n");
            foreach (var (name, value) in Figures)
            {
                w.Append(CultureInfo.InvariantCulture, $"  {name,-18}{Format(value(e.Treated)),12}{Format(value(e.HeldOut)),12}\n");
            }

            w.Append(CultureInfo.InvariantCulture, $"  verdict: {e.Verdict}\n");
            foreach (var u in e.Uplifts.Skip(1))
            {
                w.Append(CultureInfo.InvariantCulture, $"  {u.Metric}: {u.Verdict}\n");
            }
        }

        return w.ToString();
    }

    public static string Csv(ExperimentReport report)
    {
        var w = new StringBuilder();
        w.Append("playbook_id,experiment,enough_accounts,verdict");
        foreach (var group in new[] { "treated", "held_out" })
        {
            foreach (var (name, _) in Figures)
            {
                w.Append(CultureInfo.InvariantCulture, $",{group}_{name}");
            }
        }

        foreach (var metric in Metrics)
        {
            w.Append(CultureInfo.InvariantCulture, $",{metric}_difference,{metric}_lower,{metric}_upper");
        }

        w.Append('\n');
        foreach (var e in report.Experiments)
        {
            w.Append(CultureInfo.InvariantCulture, $"{e.PlaybookId},{e.Experiment},{(e.EnoughAccounts ? "true" : "false")},{Quote(e.Verdict)}");
            foreach (var figures in new[] { e.Treated, e.HeldOut })
            {
                foreach (var (_, value) in Figures)
                {
                    w.Append(',').Append(Format(value(figures)));
                }
            }

            foreach (var metric in Metrics)
            {
                var u = e.Uplifts.FirstOrDefault(x => x.Metric == metric);
                w.Append(u is null ? ",,," : string.Create(CultureInfo.InvariantCulture, $",{u.Difference},{u.Lower},{u.Upper}"));
            }

            w.Append('\n');
        }

        return w.ToString();
    }

    private static string Quote(string text) => $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.00", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
