using System.Globalization;
using System.Text;

namespace CrmSuite.Connector.Web;

/// <summary>
/// A <see cref="ReportTable"/> as CSV (RFC 4180): a heading row of the column labels, then one line per row, CRLF line
/// ends, numbers with a dot and no grouping, dates as yyyy-MM-dd, timestamps as ISO 8601 UTC, an empty field for no value.
/// A field holding a comma, a quote or a line break is quoted (quotes doubled). A text field that a spreadsheet would run as
/// a formula (it starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return) is written with a leading
/// apostrophe: CRM text is plain text everywhere, in a spreadsheet too. Numbers are never prefixed.
/// </summary>
internal static class ReportCsv
{
    public static string Write(ReportTable table)
    {
        var csv = new StringBuilder();
        Line(csv, table.Columns.Select(c => Text(c.Label)));
        foreach (var row in table.Rows)
        {
            Line(csv, row.Select(Field));
        }

        return csv.ToString();
    }

    private static void Line(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Quote));
        csv.Append("\r\n");
    }

    private static string Field(object? value) => value switch
    {
        null => "",
        string text => Text(text),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset at => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => Text(value.ToString() ?? ""),
    };

    private static string Text(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
