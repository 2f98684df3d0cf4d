using System.Globalization;
using System.Net;
using System.Text;

namespace CrmSuite.Connector.Web;

/// <summary>
/// The managers' dashboard's HTML, rendered per request from its embedded template: the key figures' tiles are written
/// in by the server from the first page's kept snapshot (when the request has no filter and a snapshot exists), so they
/// show before any script has run; the charting library's addresses carry its content hash, so the browser keeps it.
/// Everything else is drawn by the page's script from the report's JSON (docs/dashboard.md, "What loads when").
/// </summary>
internal sealed class DashboardPage
{
    /// <summary>The tiles: the total's JSON field, the label, and how the value is formatted (as reports.js formats a cell).</summary>
    public static readonly (string Field, string Label, ReportColumnKind Kind)[] Tiles =
    [
        ("nrr", "NRR", ReportColumnKind.Percent), ("grr", "GRR", ReportColumnKind.Percent), ("upgrade_rate", "Upgrade rate", ReportColumnKind.Percent),
        ("proposal_acceptance_rate", "Proposal acceptance", ReportColumnKind.Percent), ("trial_conversion_rate", "Trial conversion", ReportColumnKind.Percent),
        ("net_new_mrr", "Net new MRR", ReportColumnKind.Money), ("mrr_at_end", "MRR at end", ReportColumnKind.Money),
        ("median_days_proposal_to_upgrade", "Median days to upgrade", ReportColumnKind.Number),
    ];

    // The invariant culture groups and rounds as the page's en-US number format does (1,234.50).
    private static readonly CultureInfo Format = CultureInfo.InvariantCulture;

    private readonly string _template;

    public DashboardPage(DashboardAssets assets)
    {
        _template = Encoding.UTF8.GetString(assets.Contents["/dashboard"].Bytes)
            .Replace("{{chart.js}}", assets.VersionedPath("/vendor/chart.umd.min.js"), StringComparison.Ordinal)
            .Replace("{{matrix.js}}", assets.VersionedPath("/vendor/chartjs-chart-matrix.min.js"), StringComparison.Ordinal);
    }

    /// <summary>The page; with <paramref name="totals"/> (the snapshot's totals table and currency) the tiles hold their values.</summary>
    public string Render(ReportTable? totals, string? currency)
    {
        var values = totals?.Rows.ToDictionary(r => (string)r[1]!, r => r[2], StringComparer.Ordinal);
        var html = new StringBuilder();
        foreach (var (field, label, kind) in Tiles)
        {
            object? value = null;
            var known = values is not null && values.TryGetValue(field, out value);
            var name = kind == ReportColumnKind.Money && currency is not null ? $"{label} ({currency})" : label;
            html.Append(CultureInfo.InvariantCulture, $"<li data-field=\"{field}\" data-label=\"{WebUtility.HtmlEncode(label)}\" data-kind=\"{kind.ToString().ToLowerInvariant()}\"");
            if (known)
            {
                html.Append(CultureInfo.InvariantCulture, $" data-value=\"{Raw(value)}\"");
            }

            html.Append(CultureInfo.InvariantCulture, $"><span class=\"label\">{WebUtility.HtmlEncode(name)}</span><span class=\"value\">{WebUtility.HtmlEncode(known ? Shown(value, kind) : "…")}</span></li>");
        }

        return _template.Replace("<!--tiles-->", html.ToString(), StringComparison.Ordinal);
    }

    // The JSON number (what the page's data-value holds for a report it drew), or empty for no value.
    private static string Raw(object? value) => value switch
    {
        null => "",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Shown(object? value, ReportColumnKind kind)
    {
        if (value is null)
        {
            return "—";
        }

        var number = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
        return kind switch
        {
            ReportColumnKind.Percent => $"{(number * 100).ToString("N1", Format)} %",
            ReportColumnKind.Money => number.ToString("N2", Format),
            _ => number.ToString("0.############", CultureInfo.InvariantCulture),
        };
    }
}
