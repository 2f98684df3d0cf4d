using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrmSuite.Connector.Tests.Cli;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmSuite.Connector.Tests.Web.Dashboard;

/// <summary>
/// The backtest page (docs/backtest.md, "The page") in headless Chromium against the real host, checked against the real
/// `crmsuite backtest` process on the same files: the page loads cleanly, a run started from its form completes and shows
/// the CLI's figures, its JSON and CSV are the CLI's output, and bad input is refused naming the field.
/// </summary>
public sealed class BacktestPageTests(BacktestHost fixture) : IClassFixture<BacktestHost>
{
    private static readonly LocatorAssertionsToContainTextOptions UntilFinished = new() { Timeout = 180_000 };

    private WorkQueueHost Host => fixture.Host;

    [Fact]
    public async Task A_backtest_started_from_the_page_completes_and_shows_the_cli_s_figures_side_by_side_without_console_errors()
    {
        await using var session = await BrowserSession.OpenAsync(Host, "/backtest");
        var page = session.Page;
        await Expect(page.GetByRole(AriaRole.Status)).Not.ToContainTextAsync("Loading", new() { Timeout = 30_000 });

        await page.GetByLabel("Compare with").SelectOptionAsync(fixture.CompareFolder);
        await page.GetByRole(AriaRole.Button, new() { Name = "Run backtest" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("finished at", UntilFinished);

        foreach (var id in new[] { "workload", "csm-load", "proposals", "overlap", "suppressed" })
        {
            await Expect(page.Locator($"section[data-report='{id}'] canvas[role=img]")).ToBeVisibleAsync();
        }

        var from = await page.Locator("#from").InputValueAsync();
        var to = await page.Locator("#to").InputValueAsync();
        var cli = JsonDocument.Parse(await CliAsync("json", "--from", from, "--to", to, "--compare", fixture.CompareFolder)).RootElement;
        await AssertShowsAsync(page, cli);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task The_json_and_csv_of_a_run_are_what_the_cli_prints_for_the_same_inputs_and_the_page_downloads_them()
    {
        var options = await Host.Client.GetFromJsonAsync<JsonElement>("/api/backtest");
        var to = options.GetProperty("defaultTo").GetString()!;
        var from = DateOnly.ParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-48).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var run = await RunAsync(new { from, to, compare = fixture.CompareFolder });
        var id = run.GetProperty("id").GetInt32();

        var json = await Host.Client.GetStringAsync($"/api/backtest/runs/{id}/report.json");
        var csv = await Host.Client.GetStringAsync($"/api/backtest/runs/{id}/report.csv");

        Assert.Equal(await CliAsync("json", "--from", from, "--to", to, "--compare", fixture.CompareFolder), json);
        Assert.Equal(await CliAsync("csv", "--from", from, "--to", to, "--compare", fixture.CompareFolder), csv);
        await using var session = await BrowserSession.OpenAsync(Host, "/backtest");
        await Expect(session.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("finished at", UntilFinished);
        var download = await session.Page.RunAndWaitForDownloadAsync(() =>
            session.Page.GetByRole(AriaRole.Button, new() { Name = "Download JSON" }).ClickAsync());
        Assert.Equal($"backtest-{from}-{to}.json", download.SuggestedFilename);
        Assert.Equal(json, await File.ReadAllTextAsync((await download.PathAsync())!));
        Assert.Empty(session.Errors);
    }

    [Theory]
    [InlineData("2026-02-30", "2026-03-29", "from: expected a date yyyy-MM-dd, got '2026-02-30'.")]
    [InlineData("2026-03-02", "next week", "to: expected a date yyyy-MM-dd, got 'next week'.")]
    [InlineData("2026-04-01", "2026-03-01", "from 2026-04-01 is after to 2026-03-01.")]
    public async Task Bad_dates_are_a_400_problem_naming_the_field_and_start_nothing(string from, string to, string problem)
    {
        var before = await LatestIdAsync();

        using var response = await Host.Client.PostAsJsonAsync("/api/backtest/runs", new { from, to });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(problem, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(before, await LatestIdAsync());
    }

    [Fact]
    public async Task A_folder_the_host_does_not_offer_is_refused_and_a_start_from_another_site_is_403()
    {
        var before = await LatestIdAsync();

        using var typed = await Host.Client.PostAsJsonAsync("/api/backtest/runs", new { from = "2026-09-07", to = "2026-10-25", compare = "/etc" });
        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/api/backtest/runs")
        {
            Content = JsonContent.Create(new { from = "2026-09-07", to = "2026-10-25" }),
        };
        foreign.Headers.Add("Origin", "http://evil.example");
        using var forged = await Host.Client.SendAsync(foreign);

        Assert.Equal(HttpStatusCode.BadRequest, typed.StatusCode);
        Assert.StartsWith("compare: '/etc' is not a folder this connector offers",
            (await typed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(before, await LatestIdAsync());
    }

    [Fact]
    public async Task The_page_is_served_under_the_strict_content_security_policy_and_offers_only_the_configured_folders()
    {
        using var page = await Host.Client.GetAsync("/backtest");
        var options = await Host.Client.GetFromJsonAsync<JsonElement>("/api/backtest");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(BacktestHost.PublishedFolder, options.GetProperty("folder").GetString());
        Assert.Equal([BacktestHost.PublishedFolder, fixture.CompareFolder], options.GetProperty("folders").EnumerateArray().Select(f => f.GetString()));
    }

    /// <summary>Starts a run through the API (waiting for one already running to end first) and returns its status once it has ended.</summary>
    private async Task<JsonElement> RunAsync(object start)
    {
        if ((await Host.Client.GetFromJsonAsync<JsonElement>("/api/backtest")).GetProperty("run") is { ValueKind: JsonValueKind.Object } latest)
        {
            await Host.Client.GetStringAsync($"/api/backtest/runs/{latest.GetProperty("id").GetInt32()}?wait=180");
        }

        using var response = await Host.Client.PostAsJsonAsync("/api/backtest/runs", start);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var ended = await Host.Client.GetFromJsonAsync<JsonElement>($"/api/backtest/runs/{id}?wait=180");
        Assert.Equal("done", ended.GetProperty("state").GetString());
        return ended;
    }

    private async Task<int?> LatestIdAsync() =>
        (await Host.Client.GetFromJsonAsync<JsonElement>("/api/backtest")).GetProperty("run") is { ValueKind: JsonValueKind.Object } run
            ? run.GetProperty("id").GetInt32()
            : null;

    private async Task<string> CliAsync(string format, params string[] args)
    {
        var result = await CliRunner.RunAsync(
            ["backtest", BacktestHost.PublishedFolder, .. args, "--format", format, "--crm-db", Host.CrmPath, "--state-db", Host.StatePath]);
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Output;
    }

    /// <summary>Every weekly figure of both runs, as the page's tables hold them, against the CLI's JSON.</summary>
    private static async Task AssertShowsAsync(IPage page, JsonElement cli)
    {
        var runs = cli.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(2, runs.Count);
        var workload = await RowsAsync(page, "workload");
        var proposals = await RowsAsync(page, "proposals");
        var overlap = await RowsAsync(page, "overlap");
        var suppressed = await RowsAsync(page, "suppressed");
        var csmLoad = await RowsAsync(page, "csm-load");
        var csmColumns = await page.Locator("table[data-table='csm-load'] thead th").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.key)");
        var reasons = runs[0].GetProperty("weeks")[0].GetProperty("suppressed").EnumerateObject().Select(p => p.Name).ToList();
        var weeks = runs[0].GetProperty("weeks").GetArrayLength();
        Assert.Equal(weeks, workload.Length);
        Assert.True(runs.Sum(r => r.GetProperty("weeks").EnumerateArray().Sum(w => w.GetProperty("tasks_opened").GetInt64())) > 0, "the demo history opens tasks");

        for (var w = 0; w < weeks; w++)
        {
            Assert.Equal(runs[0].GetProperty("weeks")[w].GetProperty("week_start").GetString(), workload[w][0]);
            for (var r = 0; r < runs.Count; r++)
            {
                var week = runs[r].GetProperty("weeks")[w];
                var csms = week.GetProperty("csms").EnumerateArray().ToDictionary(c => c.GetProperty("csm_id").GetString()!, c => c.GetProperty("tasks_opened").GetInt32());
                var where = $"week {workload[w][0]}, run {r}";
                Assert.True(Number(workload[w][2 + (r * 3)]) == week.GetProperty("tasks_opened").GetInt64(), $"tasks, {where}");
                Assert.True(Number(workload[w][3 + (r * 3)]) == (csms.Count == 0 ? 0 : csms.Values.Max()), $"busiest CSM, {where}");
                Assert.True(Number(workload[w][4 + (r * 3)]) == week.GetProperty("csms_over_capacity").GetInt64(), $"CSMs over, {where}");
                Assert.True(Number(proposals[w][1 + (r * 2)]) == week.GetProperty("proposals_issued").GetInt64(), $"issued, {where}");
                Assert.True(Number(proposals[w][2 + (r * 2)]) == week.GetProperty("proposals_accepted").GetInt64(), $"accepted, {where}");
                Assert.True(Number(overlap[w][1 + r]) == week.GetProperty("accounts_in_two_plays").GetInt64(), $"two plays, {where}");
                for (var k = 0; k < reasons.Count; k++)
                {
                    Assert.True(Number(suppressed[w][1 + (r * reasons.Count) + k]) == week.GetProperty("suppressed").GetProperty(reasons[k]).GetInt64(), $"{reasons[k]}, {where}");
                }

                var load = csmLoad[(w * runs.Count) + r];
                Assert.Equal(((char)('A' + r)).ToString(), load[1]);
                for (var c = 2; c < csmColumns.Length - 1; c++)
                {
                    Assert.True(Number(load[c]) == csms.GetValueOrDefault(csmColumns[c]["csm:".Length..]), $"{csmColumns[c]}, {where}");
                }
            }
        }

        var shownRuns = await page.Locator("#runs li").AllInnerTextsAsync();
        Assert.Equal(runs.Select(r => $"{r.GetProperty("run").GetString()}: {r.GetProperty("playbooks").GetString()}"), shownRuns);
    }

    private static long Number(string value) => long.Parse(value, CultureInfo.InvariantCulture);

    private static async Task<string[][]> RowsAsync(IPage page, string table) =>
        await page.Locator($"table[data-table='{table}'] tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.filter(r => !r.querySelector('.empty')).map(r => [...r.cells].map(c => c.dataset.value))");
}
