namespace CrmSuite.Connector.Web;

/// <summary>What a column holds, so the page can align, format and chart it and the CSV can write it plainly.</summary>
internal enum ReportColumnKind
{
    Text,

    /// <summary>A number shown as it is (a table of mixed figures).</summary>
    Number,
    Count,
    Money,
    Percent,
    Date,
    Timestamp,
}

/// <summary>One column of a <see cref="ReportTable"/>: its JSON key, its heading and what it holds.</summary>
internal sealed record ReportColumn(string Key, string Label, ReportColumnKind Kind);

/// <summary>
/// One table of the dashboard or the admin view: every chart draws one, the page shows it as a table behind the chart, and
/// its CSV export writes the same rows. A cell is a string, a whole number, a decimal, a date, a timestamp or null.
/// </summary>
/// <param name="Total">For a list that shows only its newest rows: how many it holds in all; null when <see cref="Rows"/> is the whole table.</param>
internal sealed record ReportTable(string Id, string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<object?[]> Rows, long? Total = null)
{
    public static ReportColumn Text(string key, string label) => new(key, label, ReportColumnKind.Text);

    public static ReportColumn Number(string key, string label) => new(key, label, ReportColumnKind.Number);

    public static ReportColumn Count(string key, string label) => new(key, label, ReportColumnKind.Count);

    public static ReportColumn Money(string key, string label) => new(key, label, ReportColumnKind.Money);

    public static ReportColumn Percent(string key, string label) => new(key, label, ReportColumnKind.Percent);

    public static ReportColumn Date(string key, string label) => new(key, label, ReportColumnKind.Date);

    public static ReportColumn Timestamp(string key, string label) => new(key, label, ReportColumnKind.Timestamp);
}
