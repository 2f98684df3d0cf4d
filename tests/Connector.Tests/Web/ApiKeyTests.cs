using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmSuite.Connector.Tests.Web;

/// <summary>
/// A connector bound beyond loopback (docs/operations.md, "Web security"): it warns at start naming the address, every
/// /api request needs the X-CrmSuite-Key header, the page asks a CSM for the key, and the key never reaches the log.
/// </summary>
public sealed class ApiKeyTests(ExposedHost exposed) : IClassFixture<ExposedHost>
{
    private WorkQueueHost Host => exposed.Host;

    [Fact]
    public async Task Bound_beyond_loopback_the_host_warns_at_start_naming_the_address()
    {
        Assert.Contains($"The web UI listens on http://0.0.0.0:{Host.BaseAddress.Port}/, which is not a loopback address", Host.Log, StringComparison.Ordinal);
        Assert.Contains("X-CrmSuite-Key", Host.Log, StringComparison.Ordinal);
        using var page = await Bare().GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("tests-only-key-7f3c9a2e51d04b89")]
    [InlineData("")]
    public async Task An_api_request_without_the_right_key_is_401_and_changes_nothing(string? key)
    {
        var task = await SomeCallTaskAsync();
        using var client = Bare();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-CrmSuite-Key", key);
        }

        using var read = await client.GetAsync("/api/csms");
        using var write = await client.PostAsJsonAsync($"/api/tasks/{task}/complete", new { outcome = "reached" });

        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        Assert.Contains("X-CrmSuite-Key", (await write.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CrmScalarAsync($"SELECT COUNT(*) FROM task_events WHERE task_key = '{task}'"));
    }

    [Theory]
    [InlineData("/api/admin/upgrade-status")]
    [InlineData("/api/admin/upgrade-status/proposals.csv")]
    [InlineData("/api/dashboard/options")]
    [InlineData("/api/dashboard/metrics")]
    [InlineData("/api/dashboard/metrics.json")]
    [InlineData("/api/dashboard/metrics/totals.csv")]
    [InlineData("/api/dashboard/charts/retention.svg")]
    [InlineData("/api/dashboard/charts/no-such-chart.svg")]
    [InlineData("/api/backtest")]
    [InlineData("/api/backtest/runs/1")]
    [InlineData("/api/backtest/runs/1/report.json")]
    [InlineData("/api/backtest/runs/1/report.csv")]
    public async Task The_dashboard_s_and_admin_view_s_data_needs_the_key_too(string path)
    {
        using var refused = await Bare().GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/dashboard")]
    [InlineData("/backtest")]
    public async Task The_dashboard_s_and_admin_view_s_pages_hold_no_data_and_load_without_the_key(string path)
    {
        using var page = await Bare().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // The dashboard's tiles, period and charts are written into its HTML only when no key is asked for.
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-value", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("computed at", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_a_backtest_without_the_key_is_401_and_starts_nothing()
    {
        using var refused = await Bare().PostAsJsonAsync("/api/backtest/runs", new { from = "2026-09-07", to = "2026-10-25" });

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await Host.Client.GetFromJsonAsync<JsonElement>("/api/backtest")).GetProperty("run").ValueKind);
    }

    [Fact]
    public async Task With_the_key_the_api_answers_and_neither_key_reaches_the_log()
    {
        using var wrong = Bare();
        wrong.DefaultRequestHeaders.Add("X-CrmSuite-Key", "a-wrong-key-that-must-not-be-logged");
        using var refused = await wrong.GetAsync("/api/csms");

        var csms = await Host.Client.GetFromJsonAsync<JsonElement>("/api/csms");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(3, csms.GetArrayLength());
        Assert.DoesNotContain(ExposedHost.Key, Host.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("a-wrong-key-that-must-not-be-logged", Host.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_asks_a_csm_for_the_key_once_and_then_shows_the_queue()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await WorkQueueBrowserTests.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = Host.BaseAddress.ToString() });
        var prompts = 0;
        page.Dialog += async (_, dialog) =>
        {
            prompts++;
            await dialog.AcceptAsync(ExposedHost.Key);
        };

        await page.GotoAsync("/");
        var csm = (await Host.Client.GetFromJsonAsync<JsonElement>("/api/csms"))[0].GetProperty("id").GetString()!;
        await Expect(page.GetByLabel("CSM")).ToBeEnabledAsync();
        await page.GetByLabel("CSM").SelectOptionAsync(csm);

        await Expect(page.Locator("li.task").First).ToBeVisibleAsync();
        Assert.Equal(1, prompts);
    }

    private HttpClient Bare() => new() { BaseAddress = Host.BaseAddress };

    private async Task<string> SomeCallTaskAsync()
    {
        var csm = (await Host.Client.GetFromJsonAsync<JsonElement>("/api/csms"))[0].GetProperty("id").GetString()!;
        var tasks = (await Host.Client.GetFromJsonAsync<JsonElement>($"/api/csms/{csm}/tasks")).GetProperty("tasks").EnumerateArray();
        return tasks.First(t => t.GetProperty("state").GetString() == "Call").GetProperty("key").GetString()!;
    }

    private async Task<long> CrmScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Host.CrmPath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
