using CrmSuite.Connector.Web;

namespace CrmSuite.Connector.Tests.Web;

/// <summary>The CSV export of every dashboard and admin table (docs/dashboard.md, "CSV export").</summary>
public sealed class ReportCsvTests
{
    private static readonly ReportTable Sample = new("t", "T",
        [ReportTable.Text("name", "Account name"), ReportTable.Money("change", "MRR change"), ReportTable.Date("day", "Day"),
            ReportTable.Timestamp("at", "At"), ReportTable.Percent("nrr", "NRR")],
        [
            ["Acme, Inc.", -150.50m, new DateOnly(2026, 3, 1), new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.FromHours(2)), 1.0425m],
            ["Say \"hi\"\nthen leave", 0m, null, null, null],
        ]);

    [Fact]
    public void A_table_is_written_with_its_labels_first_crlf_line_ends_and_invariant_numbers_dates_and_utc_timestamps()
    {
        var csv = ReportCsv.Write(Sample);

        Assert.StartsWith("Account name,MRR change,Day,At,NRR\r\n\"Acme, Inc.\",-150.50,2026-03-01,2026-03-01T07:30:00Z,1.0425\r\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_with_a_quote_or_a_line_break_is_quoted_with_quotes_doubled_and_no_value_is_an_empty_field()
    {
        var csv = ReportCsv.Write(Sample);

        Assert.EndsWith("\"Say \"\"hi\"\"\nthen leave\",0,,,\r\n", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@sum", "'@sum")]
    [InlineData("plain", "plain")]
    public void Crm_text_a_spreadsheet_would_run_as_a_formula_is_written_with_a_leading_apostrophe(string text, string field)
    {
        var csv = ReportCsv.Write(new ReportTable("t", "T", [ReportTable.Text("name", "Name")], [[text]]));

        Assert.Equal($"Name\r\n{field}\r\n", csv);
    }

    [Fact]
    public void A_negative_number_is_never_prefixed()
    {
        var csv = ReportCsv.Write(new ReportTable("t", "T", [ReportTable.Money("m", "M"), ReportTable.Count("c", "C")], [[-3.25m, -4L]]));

        Assert.Equal("M,C\r\n-3.25,-4\r\n", csv);
    }
}
