using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace CrmSuite.Connector.Web;

/// <summary>
/// The managers' dashboard's charts, drawn by OxyPlot on the server as SVG from the same tables the page shows behind
/// them: a chart is one of its table's columns or more, never a number of its own. The first page's charts are written
/// into its HTML (docs/dashboard.md, "What loads when"); a filtered view asks for each at
/// <c>/api/dashboard/charts/{id}.svg</c>.
/// </summary>
internal static class DashboardCharts
{
    // What the page gives a chart: a report's figure is 18rem tall, half of the 80rem page wide, all of it when wide.
    private const double RemPixels = 16;
    private const double Height = 18 * RemPixels;
    private const double Width = 36 * RemPixels;
    private const double WideWidth = 76 * RemPixels;

    private static readonly OxyColor[] Palette =
    [
        OxyColor.Parse("#1f5fbf"), OxyColor.Parse("#2e8540"), OxyColor.Parse("#b3261e"), OxyColor.Parse("#8a5a00"),
        OxyColor.Parse("#6b4fa0"), OxyColor.Parse("#00787a"), OxyColor.Parse("#a0306e"), OxyColor.Parse("#4b5563"),
    ];

    /// <summary>Whether the table has a chart: the report has one for it and the table has rows to draw.</summary>
    public static bool Draws(ReportTable table) => table.Rows.Count > 0 && Kind(table.Id) is not null;

    /// <summary>
    /// A table wider than seven columns takes the page's whole width (as its section does); a funnel is as tall as its
    /// rows need.
    /// </summary>
    public static bool IsWide(ReportTable table) => table.Columns.Count > 7;

    /// <summary>The figure's height in rem: a bar per row needs room for each row's label.</summary>
    public static double HeightRem(ReportTable table) =>
        Kind(table.Id) == ChartKind.Funnel ? Math.Max(12, table.Rows.Count * 1.4 + 4) : Height / RemPixels;

    /// <summary>The table's chart as an SVG element for the page, or null when it has none; throws when OxyPlot failed to draw it.</summary>
    /// <param name="csmNames">The CRM's users by id, so the CSM chart names each CSM as the filter does.</param>
    public static string? Svg(ReportTable table, IReadOnlyDictionary<string, string> csmNames)
    {
        if (!Draws(table))
        {
            return null;
        }

        var model = Kind(table.Id) switch
        {
            ChartKind.Retention => Lines(table, "nrr", "grr"),
            ChartKind.Upgrades => Lines(table, "upgradeRate", "proposalAcceptanceRate"),
            ChartKind.Waterfall => Waterfall(table),
            ChartKind.Cohorts => Cohorts(table),
            ChartKind.Funnel => Funnel(table),
            ChartKind.CsmOutcomes => CsmOutcomes(table, csmNames),
            _ => Adoption(table),
        };
        var width = IsWide(table) ? WideWidth : Width;
        var svg = new SvgExporter { Width = width, Height = HeightRem(table) * RemPixels }.ExportToString(model);
        // OxyPlot writes a failure into the picture as text instead of throwing: such a chart is not shown (its table is).
        if (model.GetLastPlotException() is { } failure)
        {
            throw new InvalidOperationException($"The chart of '{table.Id}' could not be drawn: {failure.Message}", failure);
        }

        return SvgForPage.From(svg, table.Id, $"{table.Title}, as a chart; the table below has the same numbers.", DrawnFontSize / LayoutFontSize);
    }

    private enum ChartKind
    {
        Retention,
        Upgrades,
        Waterfall,
        Cohorts,
        Funnel,
        CsmOutcomes,
        Adoption,
    }

    private static ChartKind? Kind(string id) => id switch
    {
        "retention" => ChartKind.Retention,
        "upgrades" => ChartKind.Upgrades,
        "waterfall" => ChartKind.Waterfall,
        "cohorts" => ChartKind.Cohorts,
        "csm-outcomes" => ChartKind.CsmOutcomes,
        "adoption" => ChartKind.Adoption,
        _ when id.StartsWith("funnel-", StringComparison.Ordinal) => ChartKind.Funnel,
        _ => null,
    };

    // OxyPlot's SVG export measures text with its PDF context, whose widths come out at three quarters of a browser's for
    // the same size: the charts are laid out at 16 and written at 12, so a label's measured width is the one drawn.
    private const double LayoutFontSize = 16;
    private const double DrawnFontSize = 12;

    // A bar series reads its values on its "X" axis and its categories on its "Y" axis whichever way they lie on the page.
    private const string CategoryKey = "category";
    private const string ValueKey = "value";

    private static PlotModel Model(bool legend)
    {
        var model = new PlotModel
        {
            // OxyPlot lays text out with Helvetica's widths: Arial (or a metric twin such as Liberation Sans) fills them exactly.
            DefaultFont = "Arial, Helvetica, sans-serif",
            DefaultFontSize = LayoutFontSize,
            TextColor = OxyColor.Parse("#1d2430"),
            PlotAreaBorderThickness = new OxyThickness(0),
            Padding = new OxyThickness(8, 8, 16, 4),
        };
        if (legend)
        {
            model.Legends.Add(new Legend
            {
                LegendPosition = LegendPosition.BottomCenter, LegendPlacement = LegendPlacement.Outside,
                LegendOrientation = LegendOrientation.Horizontal, LegendBorderThickness = 0,
            });
        }

        return model;
    }

    private static CategoryAxis Categories(AxisPosition position, IEnumerable<string> labels, double angle = 0)
    {
        var axis = new CategoryAxis { Key = CategoryKey, Position = position, Angle = angle, TickStyle = TickStyle.None, GapWidth = 0.3 };
        axis.Labels.AddRange(labels);
        return axis;
    }

    private static LinearAxis Values(AxisPosition position, bool percent) => new()
    {
        Key = ValueKey,
        Position = position,
        TickStyle = TickStyle.None,
        MinimumPadding = 0,
        MaximumPadding = 0.08,
        AbsoluteMinimum = 0,
        MajorGridlineStyle = LineStyle.Solid,
        MajorGridlineColor = OxyColor.Parse("#e5e8ee"),
        LabelFormatter = percent
            ? v => $"{Math.Round(v * 100).ToString(CultureInfo.InvariantCulture)} %"
            : Compact,
    };

    // An axis's amounts as 12k or 1.5M, so a ledger's hundreds of millions still fit beside the chart.
    private static string Compact(double value)
    {
        var size = Math.Abs(value);
        return size >= 1e6 ? $"{(value / 1e6).ToString("#,0.#", CultureInfo.InvariantCulture)}M"
            : size >= 1e4 ? $"{(value / 1e3).ToString("#,0.#", CultureInfo.InvariantCulture)}k"
            : value.ToString("#,0.#", CultureInfo.InvariantCulture);
    }

    // A line per column over the table's groups (months or quarters).
    private static PlotModel Lines(ReportTable table, params string[] keys)
    {
        var model = Model(legend: true);
        var groups = Column(table, "group").Select(v => v?.ToString() ?? "").ToList();
        // A year of months side by side fits under a wide chart; under a half-width one they are slanted.
        model.Axes.Add(Categories(AxisPosition.Bottom, groups, angle: groups.Count > 8 && !IsWide(table) ? -45 : 0));
        model.Axes.Add(Values(AxisPosition.Left, percent: true));
        for (var i = 0; i < keys.Length; i++)
        {
            model.Series.Add(Line(table, keys[i], Palette[i]));
        }

        return model;
    }

    // Each step a floating bar from the running total before it to the one after it; the start and the end from zero.
    private static PlotModel Waterfall(ReportTable table)
    {
        var model = Model(legend: false);
        var steps = Column(table, "step").Select(v => v?.ToString() ?? "").ToList();
        model.Axes.Add(Categories(AxisPosition.Bottom, steps));
        model.Axes.Add(Values(AxisPosition.Left, percent: false));
        var amounts = Column(table, "amount").Select(NumberOrZero).ToList();
        var running = Column(table, "runningTotal").Select(NumberOrZero).ToList();
        var bars = new IntervalBarSeries { StrokeThickness = 0, LabelFormatString = null, XAxisKey = ValueKey, YAxisKey = CategoryKey };
        var last = steps.Count - 1;
        for (var i = 0; i < steps.Count; i++)
        {
            var whole = i == 0 || i == last;
            bars.Items.Add(new IntervalBarItem
            {
                Start = whole ? 0 : running[i] - amounts[i],
                End = running[i],
                Color = whole ? Palette[0] : amounts[i] >= 0 ? Palette[1] : Palette[2],
            });
        }

        model.Series.Add(bars);
        return model;
    }

    // One cell per cohort and month after it, coloured by NRR: red below 100 %, green above, darker the further from it.
    private static PlotModel Cohorts(ReportTable table)
    {
        var model = Model(legend: false);
        var months = table.Columns.Where(c => c.Key.Length > 1 && c.Key[0] == 'm' && c.Key[1..].All(char.IsAsciiDigit)).ToList();
        var cohorts = Column(table, "month").Select(v => v?.ToString() ?? "").ToList();
        model.Axes.Add(Categories(AxisPosition.Bottom, months.Select(m => m.Label)));
        var rows = Categories(AxisPosition.Left, cohorts);
        rows.Key = "cohort";
        model.Axes.Add(rows);
        model.Axes.Add(new LinearColorAxis
        {
            Position = AxisPosition.Right,
            Minimum = 0.5,
            Maximum = 1.5,
            Palette = OxyPalette.Interpolate(101, OxyColor.Parse("#b3261e"), OxyColor.Parse("#f4f4f4"), OxyColor.Parse("#2e8540")),
            InvalidNumberColor = OxyColor.Parse("#eeeeee"),
            LabelFormatter = v => $"{Math.Round(v * 100).ToString(CultureInfo.InvariantCulture)} %",
        });
        var columns = months.Select(m => table.Columns.ToList().IndexOf(m)).ToList();
        var data = new double[months.Count, cohorts.Count];
        for (var y = 0; y < cohorts.Count; y++)
        {
            for (var x = 0; x < months.Count; x++)
            {
                data[x, y] = table.Rows[y][columns[x]] is { } value ? Number(value) : double.NaN;
            }
        }

        model.Series.Add(new HeatMapSeries
        {
            X0 = 0, X1 = months.Count - 1, Y0 = 0, Y1 = cohorts.Count - 1, Data = data,
            RenderMethod = HeatMapRenderMethod.Rectangles,
        });
        return model;
    }

    // Entered, each state, then the proposals by outcome: a horizontal bar each, outcomes in another colour.
    private static PlotModel Funnel(ReportTable table)
    {
        var model = Model(legend: false);
        var steps = Column(table, "step").Select(v => v?.ToString() ?? "").ToList();
        // OxyPlot draws the first category at the bottom: reversed, the funnel reads top down like its table.
        var axis = Categories(AxisPosition.Left, steps);
        axis.StartPosition = 1;
        axis.EndPosition = 0;
        model.Axes.Add(axis);
        model.Axes.Add(Values(AxisPosition.Bottom, percent: false));
        var kinds = Column(table, "kind");
        var bars = new BarSeries { StrokeThickness = 0, XAxisKey = ValueKey, YAxisKey = CategoryKey };
        foreach (var (value, kind) in Column(table, "accounts").Zip(kinds))
        {
            bars.Items.Add(new BarItem(NumberOrZero(value)) { Color = Equals(kind, "outcome") ? Palette[3] : Palette[0] });
        }

        model.Series.Add(bars);
        return model;
    }

    // Completed, superseded and open tasks per CSM, stacked; the outcomes of the completed ones are in the table.
    private static PlotModel CsmOutcomes(ReportTable table, IReadOnlyDictionary<string, string> csmNames)
    {
        var model = Model(legend: true);
        var names = Column(table, "csm").Select(v => v?.ToString() ?? "").Select(id => csmNames.TryGetValue(id, out var name) ? name : id).ToList();
        var csms = Categories(AxisPosition.Bottom, names, angle: names.Count > 8 ? -45 : 0);
        // Every CSM has a bar; at most about 30 of them are named under it (the table names all).
        csms.MajorStep = Math.Max(1, Math.Ceiling(names.Count / 30.0));
        model.Axes.Add(csms);
        model.Axes.Add(Values(AxisPosition.Left, percent: false));
        string[] stacks = ["completed", "superseded", "open"];
        for (var i = 0; i < stacks.Length; i++)
        {
            var series = new BarSeries { Title = Label(table, stacks[i]), IsStacked = true, FillColor = Palette[i], StrokeThickness = 0, XAxisKey = ValueKey, YAxisKey = CategoryKey };
            series.Items.AddRange(Column(table, stacks[i]).Select(v => new BarItem(NumberOrZero(v))));
            model.Series.Add(series);
        }

        return model;
    }

    private static PlotModel Adoption(ReportTable table)
    {
        var model = Model(legend: true);
        model.Axes.Add(Categories(AxisPosition.Bottom, Column(table, "daysAfterUpgrade").Select(d => $"{d} days")));
        model.Axes.Add(Values(AxisPosition.Left, percent: true));
        model.Series.Add(Line(table, "seatUtilization", Palette[0]));
        return model;
    }

    // A column's values as a line over the table's rows (the category axis); a row without a value is skipped, so the
    // line spans the gap.
    private static LineSeries Line(ReportTable table, string key, OxyColor color)
    {
        var series = new LineSeries { Title = Label(table, key), Color = color, StrokeThickness = 2, MarkerType = MarkerType.Circle, MarkerSize = 3, MarkerFill = color };
        var values = Column(table, key);
        for (var x = 0; x < values.Count; x++)
        {
            if (values[x] is { } value)
            {
                series.Points.Add(new DataPoint(x, Number(value)));
            }
        }

        return series;
    }

    private static List<object?> Column(ReportTable table, string key)
    {
        var index = table.Columns.ToList().FindIndex(c => c.Key == key);
        return index < 0 ? throw new InvalidOperationException($"The table {table.Id} has no column {key}.") : [.. table.Rows.Select(r => r[index])];
    }

    private static string Label(ReportTable table, string key) => table.Columns.First(c => c.Key == key).Label;

    private static double Number(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static double NumberOrZero(object? value) => value is null ? 0 : Number(value);
}
