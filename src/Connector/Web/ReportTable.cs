namespace CrmSuite.Connector.Web;

/// <summary>What a column holds, so the page can align, format and chart it and the CSV can write it plainly.</summary>
internal enum ColumnKind
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
internal sealed record ReportColumn(string Key, string Label, ColumnKind Kind);

/// <summary>
/// One table of the dashboard or the admin view: every chart draws one, the page shows it as a table behind the chart, and
/// its CSV export writes the same rows. A cell is a string, a whole number, a decimal, a date, a timestamp or null.
/// </summary>
/// <param name="Total">For a list that shows only its newest rows: how many it holds in all; null when <see cref="Rows"/> is the whole table.</param>
internal sealed record ReportTable(string Id, string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<object?[]> Rows, long? Total = null)
{
    public static ReportColumn Text(string key, string label) => new(key, label, ColumnKind.Text);

    public static ReportColumn Number(string key, string label) => new(key, label, ColumnKind.Number);

    public static ReportColumn Count(string key, string label) => new(key, label, ColumnKind.Count);

    public static ReportColumn Money(string key, string label) => new(key, label, ColumnKind.Money);

    public static ReportColumn Percent(string key, string label) => new(key, label, ColumnKind.Percent);

    public static ReportColumn Date(string key, string label) => new(key, label, ColumnKind.Date);

    public static ReportColumn Timestamp(string key, string label) => new(key, label, ColumnKind.Timestamp);
}
