using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmSuite.Connector.Tests.Web.Dashboard;

/// <summary>The admin view in headless Chromium (Debian's chromium, no download): it loads cleanly, draws its charts, shows the API's numbers, and exports CSV.</summary>
public sealed class AdminViewBrowserTests(DashboardHost fixture) : IClassFixture<DashboardHost>
{
    private WorkQueueHost Host => fixture.Host;

    [Fact]
    public async Task The_admin_page_loads_without_console_errors_and_draws_a_chart_with_a_table_behind_it()
    {
        await using var session = await BrowserSession.OpenAsync(Host, "/admin");

        var proposals = session.Page.Locator("section[data-report=proposals]");
        await Expect(proposals.Locator("canvas[role=img]")).ToBeVisibleAsync();
        await Expect(session.Page.Locator("section[data-report=instances] canvas")).ToBeVisibleAsync();
        await proposals.GetByText("Table", new() { Exact = true }).ClickAsync();
        await Expect(proposals.Locator("table")).ToBeVisibleAsync();
        await Expect(session.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Read at");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Every_number_the_admin_page_shows_is_the_api_s()
    {
        var view = await Host.Client.GetFromJsonAsync<JsonElement>("/api/admin/upgrade-status");
        await using var session = await BrowserSession.OpenAsync(Host, "/admin");
        await Expect(session.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Read at");

        foreach (var table in view.GetProperty("tables").EnumerateArray())
        {
            var id = table.GetProperty("id").GetString()!;
            var shown = await session.Page.Locator($"table[data-table='{id}'] tbody tr").EvaluateAllAsync<string[][]>(
                "rows => rows.filter(r => !r.querySelector('.empty')).map(r => [...r.cells].map(c => c.dataset.value))");
            var expected = table.GetProperty("rows").EnumerateArray()
                .Select(r => r.EnumerateArray().Select(c => c.ValueKind switch
                {
                    JsonValueKind.Null => "",
                    JsonValueKind.String => c.GetString()!,
                    _ => c.GetRawText(),
                }).ToArray())
                .ToArray();
            Assert.True(expected.Length == shown.Length, $"table {id}: {shown.Length} rows shown, {expected.Length} in the API");
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i].Select(Normalize), shown[i].Select(Normalize));
            }
        }

        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Download_csv_saves_the_table_s_csv_export()
    {
        var expected = await Host.Client.GetStringAsync("/api/admin/upgrade-status/instances.csv");
        await using var session = await BrowserSession.OpenAsync(Host, "/admin");

        var download = await session.Page.RunAndWaitForDownloadAsync(() =>
            session.Page.GetByRole(AriaRole.Button, new() { Name = "Download Playbook instances by state as CSV" }).ClickAsync());

        Assert.Equal("instances.csv", download.SuggestedFilename);
        Assert.Equal(expected, await File.ReadAllTextAsync((await download.PathAsync())!));
        Assert.Empty(session.Errors);
    }

    // JSON numbers reach the page as JavaScript numbers: 1071.00 reads back as 1071.
    private static string Normalize(string value) =>
        decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number.ToString("G29", System.Globalization.CultureInfo.InvariantCulture)
            : value;
}
