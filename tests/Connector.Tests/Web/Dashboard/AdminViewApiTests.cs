using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CrmSuite.Connector.Tests.Web.Dashboard;

/// <summary>
/// The admin's upgrade status view over HTTP (docs/dashboard.md, "The admin view"): each table holds what the CRM and the
/// state store hold, read independently here with SQL; every table's CSV has the same rows; the guards hold.
/// </summary>
public sealed class AdminViewApiTests(DashboardHost fixture) : IClassFixture<DashboardHost>
{
    private WorkQueueHost Host => fixture.Host;

    [Fact]
    public async Task Proposals_by_status_count_every_proposal_of_the_crm_per_playbook()
    {
        var expected = await DashboardHost.QueryAsync(Host.CrmPath, "SELECT playbook_id, status, COUNT(*) FROM proposals GROUP BY 1, 2");

        var table = await TableAsync("proposals");

        Assert.NotEmpty(expected);
        foreach (var row in expected)
        {
            var shown = Row(table, (string)row[0]!);
            Assert.Equal((long)row[2]!, shown.GetProperty((string)row[1]!).GetInt64());
        }

        Assert.Equal(expected.Sum(r => (long)r[2]!), table.GetProperty("rows").EnumerateArray().Sum(r => r[r.GetArrayLength() - 1].GetInt64()));
    }

    [Fact]
    public async Task Instances_by_state_count_every_instance_of_the_state_store()
    {
        var expected = await DashboardHost.QueryAsync(Host.StatePath, "SELECT playbook_id, state, COUNT(*) FROM instances GROUP BY 1, 2 ORDER BY 1, 2");

        var rows = (await TableAsync("instances")).GetProperty("rows").EnumerateArray()
            .Select(r => new object?[] { r[0].GetString(), r[1].GetString(), r[2].GetInt64() }).ToList();

        Assert.NotEmpty(rows);
        Assert.Equal(expected, rows);
    }

    [Fact]
    public async Task License_transitions_are_the_ledger_movements_of_accepted_proposals_latest_day_first_with_their_mrr_change()
    {
        var expected = await DashboardHost.QueryAsync(Host.StatePath,
            "SELECT day, proposal_key, mrr_before, mrr_after, delta FROM mrr_ledger WHERE proposal_key IS NOT NULL ORDER BY day DESC, id DESC");
        var changes = (await DashboardHost.QueryAsync(Host.CrmPath, "SELECT proposal_key FROM license_changes")).Select(r => (string)r[0]!).ToHashSet();

        var table = await TableAsync("license-transitions");
        var rows = table.GetProperty("rows").EnumerateArray().ToList();

        Assert.NotEmpty(expected);
        // Every one is a license change of the CRM; a change that moves no MRR (a trial's start) makes no movement.
        Assert.Subset(changes, expected.Select(e => (string)e[1]!).ToHashSet());
        Assert.Equal(expected.Count, table.GetProperty("total").GetInt64());
        Assert.Equal(Math.Min(expected.Count, 50), rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal((string)expected[i][0]!, Cell(table, rows[i], "day").GetString());
            Assert.Equal((string)expected[i][1]!, Cell(table, rows[i], "proposal").GetString());
            Assert.Equal(Decimal((string)expected[i][4]!), Cell(table, rows[i], "mrrChange").GetDecimal());
            Assert.Equal(Decimal((string)expected[i][3]!) - Decimal((string)expected[i][2]!), Cell(table, rows[i], "mrrChange").GetDecimal());
        }
    }

    [Fact]
    public async Task The_outbox_syncs_and_quarantine_tables_agree_with_the_state_store()
    {
        var pending = await DashboardHost.QueryAsync(Host.StatePath, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL");
        var quarantined = await DashboardHost.QueryAsync(Host.StatePath, "SELECT COUNT(*) FROM quarantine");
        var syncs = await DashboardHost.QueryAsync(Host.StatePath, "SELECT id, status FROM syncs ORDER BY id DESC LIMIT 10");

        var view = await Host.Client.GetFromJsonAsync<JsonElement>("/api/admin/upgrade-status");

        var outbox = Table(view, "outbox");
        Assert.Equal((long)pending[0][0]!, Cell(outbox, outbox.GetProperty("rows")[0], "pending").GetInt64());
        Assert.Equal((long)quarantined[0][0]!, Table(view, "quarantine").GetProperty("total").GetInt64());
        Assert.Equal(syncs.Select(s => ((long)s[0]!, (string)s[1]!)),
            Table(view, "syncs").GetProperty("rows").EnumerateArray().Select(r => (r[0].GetInt64(), r[2].GetString()!)));
    }

    [Theory]
    [InlineData("proposals")]
    [InlineData("instances")]
    [InlineData("license-transitions")]
    [InlineData("outbox")]
    [InlineData("syncs")]
    [InlineData("quarantine")]
    [InlineData("unplaced")]
    public async Task Every_admin_table_exports_as_csv_with_its_headings_and_the_same_rows(string id)
    {
        var table = await TableAsync(id);

        using var response = await Host.Client.GetAsync($"/api/admin/upgrade-status/{id}.csv");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"upgrade-status-{id}.csv", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', table.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("label").GetString())), lines[0]);
        var rows = table.GetProperty("rows").EnumerateArray().ToList();
        // The page shows the newest 50 of a long list; the CSV holds up to 10,000 of them, the page's first.
        Assert.True(lines.Length - 1 >= rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(string.Join(',', rows[i].EnumerateArray().Select(CsvField)), lines[i + 1]);
        }
    }

    [Fact]
    public async Task An_unknown_table_s_csv_is_a_404_naming_the_tables_there_are()
    {
        using var response = await Host.Client.GetAsync("/api/admin/upgrade-status/everything.csv");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("'everything'", detail, StringComparison.Ordinal);
        Assert.Contains("license-transitions", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/api/admin/upgrade-status")]
    [InlineData("/api/admin/upgrade-status/proposals.csv")]
    public async Task A_request_naming_another_host_is_refused_with_400(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "evil.example";

        using var response = await Host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_admin_page_is_served_under_the_strict_content_security_policy()
    {
        using var response = await Host.Client.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("script-src 'self'", string.Join(' ', response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    private async Task<JsonElement> TableAsync(string id) => Table(await Host.Client.GetFromJsonAsync<JsonElement>("/api/admin/upgrade-status"), id);

    internal static JsonElement Table(JsonElement view, string id) =>
        view.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);

    private static JsonElement Cell(JsonElement table, JsonElement row, string key) =>
        row[table.GetProperty("columns").EnumerateArray().Select((c, i) => (c, i)).Single(x => x.c.GetProperty("key").GetString() == key).i];

    /// <summary>The row of the proposals table for a playbook, as status → count.</summary>
    private static JsonElement Row(JsonElement table, string first)
    {
        var keys = table.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("key").GetString()!).ToList();
        var row = table.GetProperty("rows").EnumerateArray().Single(r => r[0].GetString() == first);
        return JsonSerializer.SerializeToElement(keys.Zip(row.EnumerateArray()).ToDictionary(p => p.First, p => p.Second));
    }

    private static decimal Decimal(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    // What the CSV holds for a JSON cell: numbers as written, timestamps in UTC with seconds, text quoted when it must be.
    private static string CsvField(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.Number => cell.GetRawText(),
        _ when DateTimeOffset.TryParse(cell.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) && cell.GetString()!.Contains('T')
            => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        _ => cell.GetString() is { } s && s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell.GetString()!,
    };
}
