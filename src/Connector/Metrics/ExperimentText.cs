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

            foreach (var set in e.VariantSets)
            {
                w.Append(CultureInfo.InvariantCulture, $"  message variants of {set.VariantSet}\n");
                w.Append(CultureInfo.InvariantCulture, $"    {"variant",-16}{"accounts",10}{"at start",10}{"upgraded",10}{"rate",10}  verdict\n");
                foreach (var v in set.Variants)
                {
                    w.Append(CultureInfo.InvariantCulture,
                        $"    {v.Variant,-16}{v.Accounts,10}{v.AccountsAtStart,10}{v.UpgradedAccounts,10}{Format(v.UpgradeRate),10}  {v.Verdict}\n");
                }
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

        w.Append(",variant_set,variant,variant_accounts,variant_accounts_at_start,variant_upgraded_accounts,variant_upgrade_rate,")
            .Append("variant_upgrade_difference,variant_upgrade_lower,variant_upgrade_upper,variant_verdict\n");
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

            w.Append(",,,,,,,,,,\n");
            VariantRows(w, e);
        }

        return w.ToString();
    }

    /// <summary>One row per message variant after its experiment's row: the experiment's own columns left empty.</summary>
    private static void VariantRows(StringBuilder w, ExperimentResult e)
    {
        var empty = new string(',', 2 + (2 * Figures.Count) + (3 * Metrics.Length));
        foreach (var set in e.VariantSets)
        {
            foreach (var v in set.Variants)
            {
                var u = v.VsControl;
                w.Append(CultureInfo.InvariantCulture, $"{e.PlaybookId},{e.Experiment}{empty},{set.VariantSet},{v.Variant},{v.Accounts},{v.AccountsAtStart},")
                    .Append(CultureInfo.InvariantCulture, $"{v.UpgradedAccounts},{Format(v.UpgradeRate)},")
                    .Append(u is null ? ",," : string.Create(CultureInfo.InvariantCulture, $"{u.Difference},{u.Lower},{u.Upper}"))
                    .Append(',').Append(Quote(v.Verdict)).Append('\n');
            }
        }
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
