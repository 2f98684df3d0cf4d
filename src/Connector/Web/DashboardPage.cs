using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace CrmSuite.Connector.Web;

/// <summary>
/// The managers' dashboard's HTML, rendered from its embedded template. For the first page (no filter) with a kept
/// snapshot, the host writes the whole first screen into it: the key figures' tiles, the period, when the report was
/// computed, every report's section, and the first <see cref="ChartsInHtml"/> charts as SVG (<see cref="DashboardCharts"/>),
/// so the first screen is drawn with the first paint and needs no script; the page's script then adds the filters'
/// choices, the CSV downloads, the tables and the charts further down (docs/dashboard.md, "What loads when"). Without a
/// snapshot the page's script draws everything.
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

    /// <summary>
    /// How many charts the HTML carries: the first rows of the page (at 1280 × 720 the first screen: the retention trend
    /// across the page, the upgrade rate and the MRR movements beside each other under it). The others wait until their
    /// section comes near the window, so the first page's HTML stays small enough to be parsed before its first paint.
    /// </summary>
    public const int ChartsInHtml = 3;

    private readonly string _template;
    private volatile RenderedPage? _last;

    public DashboardPage(DashboardAssets assets)
    {
        _template = Encoding.UTF8.GetString(assets.Contents["/dashboard"].Bytes);
    }

    private sealed record RenderedPage(ComputedReport Computed, string Html);

    /// <summary>
    /// The page; with <paramref name="computed"/> (the first page's snapshot) and its <paramref name="charts"/> the page
    /// holds the whole report's first screen. The last page rendered is kept until another snapshot replaces it.
    /// </summary>
    public string Render(ComputedReport? computed, IReadOnlyDictionary<string, string>? charts)
    {
        if (computed is null || charts is null)
        {
            return Fill(TilesHtml(null, null), "Loading…", "", "", "", "");
        }

        if (_last is { } last && ReferenceEquals(last.Computed, computed))
        {
            return last.Html;
        }

        var report = computed.Report;
        var tables = MetricsTables.All(report);
        var at = JsonSerializer.Serialize(computed.ComputedAt, JsonSerializerOptions.Web).Trim('"');
        var status = $"{Day(report.From)} to {Day(report.To)}, in {report.Currency}; computed at {computed.ComputedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Format)}Z.";
        var sections = new StringBuilder();
        var written = 0;
        foreach (var table in tables)
        {
            var svg = charts.GetValueOrDefault(table.Id);
            Section(sections, table, svg, svg is not null && written++ < ChartsInHtml);
        }

        var html = Fill(TilesHtml(tables.Single(t => t.Id == "totals"), report.Currency), status, Value(Day(report.From)), Value(Day(report.To)),
            $" data-computed-at=\"{WebUtility.HtmlEncode(at)}\" data-first-screen=\"drawn\"", sections.ToString());
        _last = new RenderedPage(computed, html);
        return html;
    }

    private string Fill(string tiles, string status, string from, string to, string reportsState, string sections) => _template
        .Replace("<!--tiles-->", tiles, StringComparison.Ordinal)
        .Replace("{{status}}", WebUtility.HtmlEncode(status), StringComparison.Ordinal)
        .Replace("{{from}}", from, StringComparison.Ordinal)
        .Replace("{{to}}", to, StringComparison.Ordinal)
        .Replace("{{reports-state}}", reportsState, StringComparison.Ordinal)
        .Replace("<!--reports-->", sections, StringComparison.Ordinal);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", Format);

    private static string Value(string value) => $" value=\"{WebUtility.HtmlEncode(value)}\"";

    // The same section the page's script builds (dashboard.js, section()): heading, CSV button, the chart, the Table view.
    // Its button waits, disabled, for the script that makes it work.
    // A chart not written here has its figure left empty, for the script to fetch when the section comes into view.
    private static void Section(StringBuilder html, ReportTable table, string? svg, bool written)
    {
        var id = WebUtility.HtmlEncode(table.Id);
        var title = WebUtility.HtmlEncode(table.Title);
        html.Append(Format, $"<section class=\"{(DashboardCharts.IsWide(table) ? "report wide" : "report")}\" data-report=\"{id}\" aria-labelledby=\"report-{id}\"");
        html.Append(written ? " data-drawn=\"true\">" : ">");
        html.Append(Format, $"<header><h2 id=\"report-{id}\">{title}</h2><button type=\"button\" class=\"csv\" aria-label=\"Download {title} as CSV\" disabled>Download CSV</button></header>");
        if (svg is not null)
        {
            html.Append("<figure class=\"svg\">").Append(written ? svg : "").Append("</figure>");
        }

        html.Append("<details class=\"table-view\"><summary>Table</summary></details></section>");
    }

    private static string TilesHtml(ReportTable? totals, string? currency)
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

        return html.ToString();
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
