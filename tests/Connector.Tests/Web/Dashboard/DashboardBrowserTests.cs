using System.Globalization;
using System.Text.Json;
using CrmSuite.Connector.Tests.Cli;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmSuite.Connector.Tests.Web.Dashboard;

/// <summary>
/// The managers' dashboard in headless Chromium against the real host, checked against the real `crmsuite metrics
/// --format json` process run on the same files: the page loads cleanly, draws its charts, shows the CLI's numbers for
/// the same period, and its filters change the report as the CLI's options do.
/// </summary>
public sealed class DashboardBrowserTests(DashboardHost fixture) : IClassFixture<DashboardHost>
{
    private WorkQueueHost Host => fixture.Host;

    [Fact]
    public async Task The_dashboard_loads_without_console_errors_and_draws_a_chart_for_every_report()
    {
        await using var session = await BrowserSession.OpenAsync(Host, "/dashboard");
        var page = session.Page;
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("computed at");
        await Expect(page.Locator("#reports")).ToHaveAttributeAsync("data-first-screen", "drawn");

        foreach (var id in new[] { "retention", "upgrades", "waterfall", "cohorts", "csm-outcomes" })
        {
            await ScrollToChartAsync(page, $"section[data-report='{id}']");
        }

        var funnels = page.Locator("section[data-report^='funnel-']");
        Assert.True(await funnels.CountAsync() > 0);
        for (var i = 0; i < await funnels.CountAsync(); i++)
        {
            await ScrollToChartAsync(page, $"section[data-report^='funnel-'] >> nth={i}");
        }

        await Expect(page.Locator("#reports")).ToHaveAttributeAsync("data-every-chart", "drawn");
        Assert.Empty(session.Errors);
    }

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard?by=quarter")]
    public async Task The_first_screen_s_charts_are_drawn_at_once_and_the_others_when_they_scroll_into_view(string address)
    {
        // The first page's come with its HTML (the host's snapshot); a filtered view's are fetched by the page's script.
        await using var session = await BrowserSession.OpenAsync(Host, address);
        var page = session.Page;
        await Expect(page.Locator("#reports")).ToHaveAttributeAsync("data-first-screen", "drawn");

        // At 1280 × 720 the retention trend is on the first screen; the CSM outcomes are far below it.
        await Expect(page.Locator("section[data-report='retention']")).ToHaveAttributeAsync("data-drawn", "true");
        await Expect(page.Locator("section[data-report='retention'] figure svg[role=img]")).ToBeVisibleAsync();
        var below = page.Locator("section[data-report='csm-outcomes']");
        Assert.Null(await below.GetAttributeAsync("data-drawn"));
        Assert.Equal(0, await below.Locator("svg").CountAsync());
        Assert.Null(await page.Locator("#reports").GetAttributeAsync("data-every-chart"));

        await ScrollToChartAsync(page, "section[data-report='csm-outcomes']");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task A_chart_s_table_is_built_when_its_table_view_is_opened_and_holds_the_chart_s_rows()
    {
        await using var session = await BrowserSession.OpenAsync(Host, "/dashboard");
        var page = session.Page;
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("computed at");
        var table = page.Locator("table[data-table='waterfall']");
        Assert.Equal(0, await table.CountAsync());

        await page.Locator("section[data-report='waterfall'] summary").ClickAsync();

        await Expect(table).ToBeVisibleAsync();
        await Expect(table.Locator("caption")).ToContainTextAsync("MRR movements");
        Assert.Equal(7, await table.Locator("tbody tr").CountAsync());
        await Expect(table.Locator("thead th[scope=col]").First).ToBeAttachedAsync();
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task The_numbers_shown_equal_the_cli_json_for_the_same_period()
    {
        await using var session = await BrowserSession.OpenAsync(Host, "/dashboard");
        await Expect(session.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("computed at");
        var from = await session.Page.Locator("#from").InputValueAsync();
        var to = await session.Page.Locator("#to").InputValueAsync();

        var cli = await CliJsonAsync("--from", from, "--to", to, "--by", "month");

        await AssertShowsAsync(session.Page, cli);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task A_filter_and_a_period_change_the_report_as_the_cli_s_options_do_and_stay_in_the_address()
    {
        await using var session = await BrowserSession.OpenAsync(Host, "/dashboard");
        var page = session.Page;
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("computed at");
        var to = await page.Locator("#to").InputValueAsync();
        var from = DateOnly.ParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-100).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await page.GetByLabel("From").FillAsync(from);
        await page.GetByLabel("Segment").SelectOptionAsync("smb");
        await page.GetByLabel("Trend by").SelectOptionAsync("quarter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{from} to {to}");

        Assert.Contains("segment=smb", page.Url, StringComparison.Ordinal);
        Assert.Contains($"from={from}", page.Url, StringComparison.Ordinal);
        var cli = await CliJsonAsync("--from", from, "--to", to, "--by", "quarter", "--segment", "smb");
        await AssertShowsAsync(page, cli);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task The_page_loads_no_charting_library_and_its_assets_are_revalidated_by_their_etag()
    {
        var html = await Host.Client.GetStringAsync("/dashboard");
        Assert.DoesNotContain("/vendor/", html, StringComparison.Ordinal);

        // The admin view and the backtest still draw with the vendored Chart.js: asked for with its hash it is kept a year.
        var bytes = await File.ReadAllBytesAsync(Path.Combine(CliRunner.RepositoryRoot, "src/Connector/Web/Assets/Dashboard/vendor/chart.umd.min.js"));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16];
        using var kept = await Host.Client.GetAsync($"/vendor/chart.umd.min.js?v={hash}");
        Assert.Equal(bytes, await kept.Content.ReadAsByteArrayAsync());
        Assert.True(kept.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromDays(365), kept.Headers.CacheControl.MaxAge);
        Assert.Contains(kept.Headers.CacheControl.Extensions, e => e.Name == "immutable");

        foreach (var asset in new[] { "/dashboard.js", "/reports.js", "/dashboard.css" })
        {
            using var plain = await Host.Client.GetAsync(asset);
            Assert.True(plain.Headers.CacheControl!.NoCache);
            var etag = plain.Headers.ETag!;
            using var again = new HttpRequestMessage(HttpMethod.Get, asset);
            again.Headers.IfNoneMatch.Add(etag);
            using var notModified = await Host.Client.SendAsync(again);
            Assert.Equal(System.Net.HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }

        // The page itself is never kept: it holds the current snapshot.
        using var pageResponse = await Host.Client.GetAsync("/dashboard");
        Assert.True(pageResponse.Headers.CacheControl!.NoCache);
        Assert.Equal("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            string.Join("; ", pageResponse.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task The_page_s_html_carries_the_tiles_of_the_first_page_s_snapshot_before_any_script_runs()
    {
        // The host keeps the first page's snapshot shortly after it started; until then the tiles wait for the script.
        var deadline = DateTime.UtcNow.AddMinutes(1);
        string html;
        while (!(html = await Host.Client.GetStringAsync("/dashboard")).Contains("data-value=", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the host kept no snapshot of the first page within a minute");
            await Task.Delay(200);
        }

        var view = JsonDocument.Parse(await Host.Client.GetStringAsync("/api/dashboard/metrics")).RootElement;
        var totals = view.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "totals");
        var values = totals.GetProperty("rows").EnumerateArray().ToDictionary(r => r[1].GetString()!, r => r[2]);
        var tiles = System.Text.RegularExpressions.Regex.Matches(html, "<li data-field=\"(?<field>[a-z_]+)\"[^>]* data-value=\"(?<value>[^\"]*)\">");
        Assert.Equal(8, tiles.Count);
        foreach (System.Text.RegularExpressions.Match tile in tiles)
        {
            Assert.True(Same(values[tile.Groups["field"].Value], tile.Groups["value"].Value), $"tile {tile.Groups["field"].Value}");
        }

        Assert.Contains($"MRR at end ({view.GetProperty("currency").GetString()})", html, StringComparison.Ordinal);
        Assert.Contains($"computed at {view.GetProperty("computedAt").GetDateTimeOffset().UtcDateTime:yyyy-MM-dd HH:mm:ss}Z.", html, StringComparison.Ordinal);

        // The first three charts are in the HTML as SVG images (no inline style: the page's policy allows none), the others not.
        var drawn = System.Text.RegularExpressions.Regex.Matches(html, "<section [^>]*data-report=\"(?<id>[^\"]+)\"[^>]* data-drawn=\"true\">.*?<figure class=\"svg\"><svg [^>]*role=\"img\"")
            .Select(m => m.Groups["id"].Value);
        Assert.Equal(["retention", "upgrades", "waterfall"], drawn);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
        Assert.Contains("<figure class=\"svg\"></figure>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chart_is_served_as_svg_for_any_period_and_a_wrong_name_or_period_is_refused_with_its_reason()
    {
        using var chart = await Host.Client.GetAsync("/api/dashboard/charts/waterfall.svg?from=2026-01-01&to=2026-03-31");
        Assert.Equal(System.Net.HttpStatusCode.OK, chart.StatusCode);
        Assert.Equal("image/svg+xml", chart.Content.Headers.ContentType!.MediaType);
        var svg = System.Xml.Linq.XElement.Parse(await chart.Content.ReadAsStringAsync());
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.StartsWith("MRR movements", (string?)svg.Attribute("aria-label"), StringComparison.Ordinal);

        using var unknown = await Host.Client.GetAsync("/api/dashboard/charts/pie.svg");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no chart named 'pie'", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var bad = await Host.Client.GetAsync("/api/dashboard/charts/waterfall.svg?by=week");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("by: expected month or quarter, got 'week'", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_period_is_a_400_naming_the_parameter()
    {
        using var response = await Host.Client.GetAsync("/api/dashboard/metrics?from=2026-02-30");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("from: expected a date yyyy-MM-dd, got '2026-02-30'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reports_json_download_is_the_cli_s_json()
    {
        var view = JsonDocument.Parse(await Host.Client.GetStringAsync("/api/dashboard/metrics?from=2026-01-01&to=2026-03-31")).RootElement;
        var json = await Host.Client.GetStringAsync("/api/dashboard/metrics.json?from=2026-01-01&to=2026-03-31");

        var cli = await CliJsonAsync("--from", "2026-01-01", "--to", "2026-03-31", "--by", "month");

        Assert.Equal("2026-01-01", view.GetProperty("from").GetString());
        Assert.Equal(cli.GetRawText(), JsonDocument.Parse(json).RootElement.GetRawText());
    }

    private async Task<JsonElement> CliJsonAsync(params string[] args)
    {
        var environment = DashboardHost.Rates.ToDictionary(r => $"CRMSUITE_Metrics__Rates__{r.Key}", r => r.Value);
        var result = await CliRunner.RunInAsync(CliRunner.RepositoryRoot, environment,
            ["metrics", .. args, "--format", "json", "--state-db", Host.StatePath, "--crm-db", Host.CrmPath]);
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(result.Output).RootElement;
    }

    /// <summary>Every figure of the total, the trend tables, the waterfall, the funnels and the CSM rows, as the page holds them.</summary>
    private static async Task AssertShowsAsync(IPage page, JsonElement cli)
    {
        var total = cli.GetProperty("total");
        foreach (var row in await RowsAsync(page, "totals"))
        {
            Assert.True(Same(total.GetProperty(row[1]), row[2]), $"total {row[1]}: page {row[2]}, CLI {total.GetProperty(row[1])}");
        }

        foreach (var tile in await page.Locator("#kpis li").AllAsync())
        {
            var field = (await tile.GetAttributeAsync("data-field"))!;
            Assert.True(Same(total.GetProperty(field), (await tile.GetAttributeAsync("data-value"))!), $"tile {field}");
        }

        var groups = cli.GetProperty("groups").EnumerateArray().ToList();
        var retention = await RowsAsync(page, "retention");
        var upgrades = await RowsAsync(page, "upgrades");
        Assert.Equal(groups.Select(g => g.GetProperty("key").GetString()), retention.Select(r => r[0]));
        for (var i = 0; i < groups.Count; i++)
        {
            var f = groups[i].GetProperty("figures");
            Assert.True(Same(f.GetProperty("nrr"), retention[i][3]) && Same(f.GetProperty("grr"), retention[i][4]), $"retention {retention[i][0]}");
            Assert.True(Same(f.GetProperty("upgrade_rate"), upgrades[i][1]) && Same(f.GetProperty("upgraded_accounts"), upgrades[i][2]), $"upgrades {upgrades[i][0]}");
        }

        var waterfall = (await RowsAsync(page, "waterfall")).ToDictionary(r => r[0], r => r[1]);
        Assert.True(Same(total.GetProperty("mrr_at_start"), waterfall["MRR at start"]));
        Assert.True(Same(total.GetProperty("expansion_mrr"), waterfall["Expansion"]));
        Assert.Equal(-total.GetProperty("churned_mrr").GetDecimal(), decimal.Parse(waterfall["Churn"], CultureInfo.InvariantCulture));
        Assert.True(Same(total.GetProperty("mrr_at_end"), waterfall["MRR at end"]));

        foreach (var funnel in cli.GetProperty("funnels").EnumerateArray())
        {
            var rows = await RowsAsync(page, $"funnel-{funnel.GetProperty("playbook_id").GetString()}");
            Assert.Equal(funnel.GetProperty("entered").GetInt32().ToString(CultureInfo.InvariantCulture), rows[0][2]);
            Assert.Equal(funnel.GetProperty("states").EnumerateArray().Select(s => (s.GetProperty("state").GetString(), s.GetProperty("accounts").GetInt32().ToString(CultureInfo.InvariantCulture))),
                rows.Where(r => r[1] == "state").Select(r => ((string?)r[0], r[2])));
        }

        var csms = await RowsAsync(page, "csm-outcomes");
        Assert.Equal(cli.GetProperty("tasks").EnumerateArray().Select(t => (t.GetProperty("csm_id").GetString(), t.GetProperty("opened").GetInt32(), t.GetProperty("completed").GetInt32())),
            csms.Select(r => ((string?)r[0], int.Parse(r[1], CultureInfo.InvariantCulture), int.Parse(r[2], CultureInfo.InvariantCulture))));
    }

    // The table behind a chart is built when its Table view is opened: open it (once), then read every row.
    private static async Task<string[][]> RowsAsync(IPage page, string table)
    {
        var details = page.Locator($"section[data-report='{table}'] details.table-view");
        if (!await details.EvaluateAsync<bool>("d => d.open"))
        {
            await details.Locator("summary").ClickAsync();
        }

        await Expect(page.Locator($"table[data-table='{table}']")).ToBeAttachedAsync();
        return await page.Locator($"table[data-table='{table}'] tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.filter(r => !r.querySelector('.empty')).map(r => [...r.cells].map(c => c.dataset.value))");
    }

    // Scrolls the report's section into view and waits until its chart (the host's SVG) is in its figure.
    private static async Task ScrollToChartAsync(IPage page, string section)
    {
        var locator = page.Locator(section);
        await locator.ScrollIntoViewIfNeededAsync();
        await Expect(locator.Locator("figure svg[role=img]")).ToBeVisibleAsync();
        await Expect(locator).ToHaveAttributeAsync("data-drawn", "true");
    }

    // A JSON number and the page's data-value are the same number (1.0 and 1 alike); null is an empty value.
    private static bool Same(JsonElement json, string shown) => json.ValueKind == JsonValueKind.Null
        ? shown.Length == 0
        : shown.Length > 0 && json.GetDecimal() == decimal.Parse(shown, NumberStyles.Float, CultureInfo.InvariantCulture);
}
