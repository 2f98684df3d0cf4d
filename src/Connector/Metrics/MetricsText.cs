using System.Globalization;
using System.Text;
using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Metrics;

/// <summary>A report as a console table or as CSV (one row per group, the total first), with the figures' JSON names.</summary>
internal static class MetricsText
{
    /// <summary>Every figure by its JSON name, in the documented order.</summary>
    public static readonly IReadOnlyList<(string Name, Func<MetricsFigures, object?> Value)> Figures =
    [
        ("accounts_at_start", f => f.AccountsAtStart),
        ("accounts_at_end", f => f.AccountsAtEnd),
        ("mrr_at_start", f => f.MrrAtStart),
        ("mrr_at_end", f => f.MrrAtEnd),
        ("new_mrr", f => f.NewMrr),
        ("expansion_mrr", f => f.ExpansionMrr),
        ("contraction_mrr", f => f.ContractionMrr),
        ("churned_mrr", f => f.ChurnedMrr),
        ("reactivation_mrr", f => f.ReactivationMrr),
        ("net_new_mrr", f => f.NetNewMrr),
        ("new_accounts", f => f.NewAccounts),
        ("churned_accounts", f => f.ChurnedAccounts),
        ("reactivated_accounts", f => f.ReactivatedAccounts),
        ("cohort_mrr_at_end", f => f.CohortMrrAtEnd),
        ("nrr", f => f.Nrr),
        ("grr", f => f.Grr),
        ("logo_retention", f => f.LogoRetention),
        ("upgraded_accounts", f => f.UpgradedAccounts),
        ("upgrade_rate", f => f.UpgradeRate),
        ("proposals_answered", f => f.ProposalsAnswered),
        ("proposals_accepted", f => f.ProposalsAccepted),
        ("proposal_acceptance_rate", f => f.ProposalAcceptanceRate),
        ("trials_ended", f => f.TrialsEnded),
        ("trials_converted", f => f.TrialsConverted),
        ("trial_conversion_rate", f => f.TrialConversionRate),
        ("proposal_upgrades", f => f.ProposalUpgrades),
        ("median_days_proposal_to_upgrade", f => f.MedianDaysProposalToUpgrade),
    ];

    public static string Csv(MetricsReport report)
    {
        var w = new StringBuilder();
        w.Append("group,from,to,").AppendJoin(',', Figures.Select(f => f.Name)).Append('\n');
        foreach (var (key, from, to, figures) in Rows(report))
        {
            w.Append(Quote(key)).Append(',').Append(Day(from)).Append(',').Append(Day(to)).Append(',')
                .AppendJoin(',', Figures.Select(f => Format(f.Value(figures)))).Append('\n');
        }

        return w.ToString();
    }

    public static string Table(MetricsReport report)
    {
        var rows = Rows(report).ToList();
        var w = new StringBuilder();
        w.Append(CultureInfo.InvariantCulture, $"Metrics {Day(report.From)} .. {Day(report.To)} in {report.Currency}")
            .Append(CultureInfo.InvariantCulture, $" (churn at {report.Conventions.ChurnAt.ToString().ToLowerInvariant()}; docs/metrics.md)\n\n");
        var nameWidth = Figures.Max(f => f.Name.Length);
        var widths = rows.Select(r => Math.Max(12, Math.Max(r.Key.Length, Figures.Max(f => Format(f.Value(r.Figures)).Length)))).ToList();
        w.Append(new string(' ', nameWidth));
        for (var i = 0; i < rows.Count; i++)
        {
            w.Append("  ").Append(rows[i].Key.PadLeft(widths[i]));
        }

        w.Append('\n');
        foreach (var (name, value) in Figures)
        {
            w.Append(name.PadRight(nameWidth));
            for (var i = 0; i < rows.Count; i++)
            {
                w.Append("  ").Append(Format(value(rows[i].Figures)).PadLeft(widths[i]));
            }

            w.Append('\n');
        }

        if (report.Funnels.Count > 0)
        {
            w.Append("\nPlaybook funnels\n");
            foreach (var f in report.Funnels)
            {
                w.Append(CultureInfo.InvariantCulture, $"  {f.PlaybookId}: entered {f.Entered}; ")
                    .AppendJoin(", ", f.States.Select(s => $"{s.State} {s.Accounts}"));
                if (f.Outcomes.Count > 0)
                {
                    w.Append("; proposals ").AppendJoin(", ", f.Outcomes.Select(o => $"{o.Outcome} {o.Count}"));
                }

                w.Append('\n');
            }
        }

        if (report.Tasks.Count > 0)
        {
            w.Append("\nCSM tasks (opened in the period)\n");
            foreach (var t in report.Tasks)
            {
                w.Append(CultureInfo.InvariantCulture, $"  {t.CsmId}: opened {t.Opened}, completed {t.Completed}, superseded {t.Superseded}, open {t.Open}, completion {Format(t.CompletionRate)}");
                if (t.Outcomes.Count > 0)
                {
                    w.Append("; ").AppendJoin(", ", t.Outcomes.Select(o => $"{o.Outcome} {o.Count}"));
                }

                w.Append('\n');
            }
        }

        w.Append("\nAdoption after upgrades: ");
        if (!report.Adoption.Available)
        {
            w.Append(report.Adoption.Note).Append('\n');
        }
        else
        {
            w.Append(CultureInfo.InvariantCulture, $"{report.Adoption.Upgrades} upgrade(s)\n");
            foreach (var p in report.Adoption.Points)
            {
                w.Append(CultureInfo.InvariantCulture,
                    $"  day {p.DaysAfterUpgrade,2}: {p.Accounts} with a reading, seat utilization {Format(p.SeatUtilization)} ({Format(p.SeatUtilizationChange)} vs before), active users {Format(p.ActiveUsers)} ({Format(p.ActiveUsersChange)} vs before)\n");
            }
        }

        return w.ToString();
    }

    private static IEnumerable<(string Key, DateOnly From, DateOnly To, MetricsFigures Figures)> Rows(MetricsReport report)
    {
        yield return ("total", report.From, report.To, report.Total);
        foreach (var g in report.Groups)
        {
            yield return (g.Key, g.From, g.To, g.Figures);
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Format(object? value) => value switch
    {
        null => "",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Quote(string text) => text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal)
        ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        : text;

    /// <summary>The table's last section: the period's suppressed touches by rule, each playbook's count after it.</summary>
    public static string SuppressedTable(IReadOnlyList<Store.SuppressedCount> suppressed)
    {
        var w = new StringBuilder();
        w.Append(CultureInfo.InvariantCulture, $"\nSuppressed touches: {suppressed.Sum(s => s.Touches)}\n");
        foreach (var row in suppressed)
        {
            w.Append(CultureInfo.InvariantCulture, $"  {row.Rule,-32} {row.PlaybookId,-24} {row.Touches,8}\n");
        }

        return w.ToString();
    }
}
