using System.Globalization;
using System.Xml.Linq;
using CrmSuite.Connector.Web;
using static CrmSuite.Connector.Web.ReportTable;

namespace CrmSuite.Connector.Tests.Web.Dashboard;

/// <summary>
/// The dashboard's charts as the host draws them (OxyPlot, SVG): each is an image labelled by its table, fit for a page
/// whose policy allows no inline style and that holds several charts, and each draws its table's numbers.
/// </summary>
public sealed class DashboardChartsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly Dictionary<string, string> NoNames = new(StringComparer.Ordinal);

    private static ReportTable Retention(params (string Group, decimal? Nrr, decimal? Grr)[] rows) => new("retention", "Net and gross revenue retention",
        [Text("group", "Month"), Percent("nrr", "NRR"), Percent("grr", "GRR")], [.. rows.Select(r => new object?[] { r.Group, r.Nrr, r.Grr })]);

    private static ReportTable Waterfall(params (string Step, decimal Amount, decimal Running)[] rows) => new("waterfall", "MRR movements (USD)",
        [Text("step", "Step"), Money("amount", "Amount"), Money("runningTotal", "Running total")], [.. rows.Select(r => new object?[] { r.Step, r.Amount, r.Running })]);

    private static IEnumerable<ReportTable> EveryKind() =>
    [
        Retention(("2026-01", 1.02m, 0.97m), ("2026-02", 1.01m, 0.96m)),
        new("upgrades", "Upgrade rate", [Text("group", "Month"), Percent("upgradeRate", "Upgrade rate"), Percent("proposalAcceptanceRate", "Proposal acceptance")],
            [["2026-01", 0.05m, 0.4m], ["2026-02", 0.04m, null]]),
        Waterfall(("MRR at start", 100m, 100m), ("Expansion", 20m, 120m), ("Churn", -10m, 110m), ("MRR at end", 110m, 110m)),
        new("cohorts", "NRR by first paying month (cohorts)", [Text("month", "Cohort"), Count("accounts", "Accounts"), Money("startMrr", "Start MRR"), Percent("m0", "Month 0"), Percent("m1", "Month 1")],
            [["2026-01", 3, 300m, 1m, 1.1m], ["2026-02", 2, 200m, 1m, null]]),
        new("funnel-usage-upgrade", "Funnel: usage-upgrade", [Text("step", "Step"), Text("kind", "Kind"), Count("accounts", "Accounts or proposals")],
            [["Entered", "entered", 10], ["Watching", "state", 6], ["accepted", "outcome", 2]]),
        new("csm-outcomes", "CSM task outcomes", [Text("csm", "CSM"), Count("opened", "Opened"), Count("completed", "Completed"), Count("superseded", "Superseded"), Count("open", "Open")],
            [["u1", 5, 3, 1, 1], ["u2", 2, 0, 0, 2]]),
        new("adoption", "Adoption after upgrades", [Count("daysAfterUpgrade", "Days after upgrade"), Percent("seatUtilization", "Seat utilization")], [[0, 0.6m], [30, 0.7m]]),
    ];

    [Fact]
    public void Every_chart_is_an_image_labelled_by_its_table_with_no_inline_style_and_ids_of_its_own()
    {
        foreach (var table in EveryKind())
        {
            var svg = XElement.Parse(DashboardCharts.Svg(table, NoNames)!);

            Assert.Equal(Svg + "svg", svg.Name);
            Assert.Equal("img", (string?)svg.Attribute("role"));
            Assert.Equal($"{table.Title}, as a chart; the table below has the same numbers.", (string?)svg.Attribute("aria-label"));
            Assert.Matches(@"^0 0 \d+ \d+$", (string?)svg.Attribute("viewBox"));
            Assert.Null(svg.Attribute("width"));
            var elements = svg.DescendantsAndSelf().ToList();
            Assert.DoesNotContain(elements, e => e.Attribute("style") is not null);
            var ids = elements.Select(e => (string?)e.Attribute("id")).OfType<string>().ToHashSet(StringComparer.Ordinal);
            Assert.All(ids, id => Assert.StartsWith($"{table.Id}-", id, StringComparison.Ordinal));
            var references = elements.SelectMany(e => e.Attributes()).Select(a => System.Text.RegularExpressions.Regex.Match(a.Value, @"url\(#(?<id>[^)]+)\)"))
                .Where(m => m.Success).Select(m => m.Groups["id"].Value).ToList();
            Assert.NotEmpty(references);
            Assert.All(references, id => Assert.Contains(id, ids));
            Assert.All(elements.Select(e => (string?)e.Attribute("font-size")).OfType<string>(), size => Assert.Equal("12", size));
        }
    }

    [Fact]
    public void A_line_is_drawn_through_every_group_with_a_value_and_skips_one_without()
    {
        var svg = XElement.Parse(DashboardCharts.Svg(Retention(("2026-01", 1.02m, 0.97m), ("2026-02", null, 0.96m), ("2026-03", 1.05m, 0.98m)), NoNames)!);

        Assert.Equal(2, PointsOf(Line(svg, "rgb(31,95,191)")).Count);
        var grr = PointsOf(Line(svg, "rgb(46,133,64)"));
        Assert.Equal(3, grr.Count);
        // Higher on the page is a larger rate: 0.98 above 0.96 above... 0.97 sits between them.
        Assert.True(grr[2].Y < grr[0].Y && grr[0].Y < grr[1].Y);
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "2026-02");
    }

    [Fact]
    public void The_waterfall_draws_a_bar_per_step_its_height_the_step_s_amount()
    {
        var svg = XElement.Parse(DashboardCharts.Svg(Waterfall(("MRR at start", 100m, 100m), ("Expansion", 20m, 120m), ("Churn", -10m, 110m), ("MRR at end", 110m, 110m)), NoNames)!);

        var whole = Bars(svg, "rgb(31,95,191)");
        var gain = Assert.Single(Bars(svg, "rgb(46,133,64)"));
        var loss = Assert.Single(Bars(svg, "rgb(179,38,30)"));
        Assert.Equal(2, whole.Count);
        // Heights in proportion to the amounts: 100 : 20 : 10 : 110.
        Assert.Equal(100.0 / 20, whole[0].Height / gain.Height, 1);
        Assert.Equal(20.0 / 10, gain.Height / loss.Height, 1);
        Assert.Equal(110.0 / 100, whole[1].Height / whole[0].Height, 1);
        // The churn step hangs from the running total after the expansion: its top is the expansion's top.
        Assert.Equal(gain.Top, loss.Top, 0);
    }

    [Fact]
    public void The_csm_chart_names_each_csm_as_the_crm_does_and_an_unknown_one_by_its_id()
    {
        var table = EveryKind().Single(t => t.Id == "csm-outcomes");

        var svg = XElement.Parse(DashboardCharts.Svg(table, new Dictionary<string, string>(StringComparer.Ordinal) { ["u1"] = "Ada Lovelace" })!);

        var labels = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("Ada Lovelace", labels);
        Assert.Contains("u2", labels);
        Assert.Contains("Completed", labels);
    }

    [Fact]
    public void A_crm_name_is_text_in_the_chart_never_markup()
    {
        const string Hostile = "<script>alert(1)</script> & \"Ada\"";
        var table = EveryKind().Single(t => t.Id == "csm-outcomes");

        var markup = DashboardCharts.Svg(table, new Dictionary<string, string>(StringComparer.Ordinal) { ["u1"] = Hostile })!;

        Assert.DoesNotContain("<script", markup, StringComparison.Ordinal);
        Assert.Contains(XElement.Parse(markup).Descendants(Svg + "text"), t => t.Value == Hostile);
    }

    [Fact]
    public void Tables_of_zeros_or_of_one_row_draw_without_an_error()
    {
        ReportTable[] tables =
        [
            Retention(("2026-01", 0m, 0m)),
            Waterfall(("MRR at start", 0m, 0m), ("Expansion", 0m, 0m), ("MRR at end", 0m, 0m)),
            new("funnel-p", "Funnel: p", [Text("step", "Step"), Text("kind", "Kind"), Count("accounts", "Accounts or proposals")], [["Entered", "entered", 0]]),
            new("cohorts", "NRR by first paying month (cohorts)", [Text("month", "Cohort"), Count("accounts", "Accounts"), Money("startMrr", "Start MRR"), Percent("m0", "Month 0")],
                [["2026-01", 0, 0m, null]]),
        ];

        foreach (var table in tables)
        {
            var markup = DashboardCharts.Svg(table, NoNames);
            Assert.NotNull(markup);
            Assert.DoesNotContain("exception", markup, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void A_table_without_rows_or_without_a_chart_has_no_chart()
    {
        var totals = new ReportTable("totals", "The period's figures (USD)", [Text("figure", "Figure"), Text("field", "JSON field"), Number("value", "Value")], [["NRR", "nrr", 1m]]);

        Assert.Null(DashboardCharts.Svg(totals, NoNames));
        Assert.Null(DashboardCharts.Svg(Retention(), NoNames));
        Assert.False(DashboardCharts.Draws(Retention()));
    }

    // The series' line, not its legend's sample (which sits in a group with the legend's text).
    private static XElement Line(XElement svg, string stroke) =>
        Assert.Single(svg.Descendants(Svg + "polyline"), p => (string?)p.Attribute("stroke") == stroke && (string?)p.Attribute("stroke-width") == "2"
            && !p.Parent!.Elements(Svg + "text").Any());

    private static List<(double X, double Y)> PointsOf(XElement polyline) =>
    [
        .. ((string)polyline.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture))),
    ];

    // A bar is a filled rectangle or polygon of the colour; its top and height on the page.
    private static List<(double Top, double Height)> Bars(XElement svg, string fill) =>
    [
        .. svg.Descendants().Where(e => (string?)e.Attribute("fill") == fill && e.Name.LocalName is "rect" or "polygon").Select(e =>
        {
            if (e.Name.LocalName == "rect")
            {
                return (double.Parse((string)e.Attribute("y")!, CultureInfo.InvariantCulture), double.Parse((string)e.Attribute("height")!, CultureInfo.InvariantCulture));
            }

            var ys = PointsOf(e).Select(p => p.Y).ToList();
            return (ys.Min(), ys.Max() - ys.Min());
        }),
    ];
}
