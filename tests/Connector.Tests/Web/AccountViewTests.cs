using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmSuite.Connector.Tests.Web;

/// <summary>
/// Provenance end to end (engine → embedded CRM → work queue) and the CSM's account view, through the real host running
/// two upgrade plays under a one-touch contact policy: the API and the page show exactly what the CRM and the store hold.
/// </summary>
public sealed class AccountViewTests(BudgetHost fixture) : IClassFixture<BudgetHost>
{
    private WorkQueueHost Host => fixture.Host;

    private string AccountWithProposal()
    {
        using var crm = new SqliteConnection($"Data Source={Host.CrmPath};Mode=ReadOnly");
        crm.Open();
        using var command = crm.CreateCommand();
        command.CommandText = "SELECT account_id FROM proposals WHERE playbook_id = 'budget-high' ORDER BY account_id LIMIT 1";
        return (string)command.ExecuteScalar()!;
    }

    private static long Count(string path, string sql, string accountId)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$account", accountId);
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task The_winning_proposal_carries_the_guardrails_it_passed_and_the_play_it_outranked_into_the_crm_and_the_account_view()
    {
        var accountId = AccountWithProposal();

        var view = await Host.Client.GetFromJsonAsync<JsonElement>($"/api/accounts/{accountId}");

        var proposal = Assert.Single(view.GetProperty("proposals").EnumerateArray());
        Assert.Equal("budget-high", proposal.GetProperty("playbookId").GetString());
        var why = proposal.GetProperty("why");
        Assert.Equal(("Watching", "Offer"), (why.GetProperty("from").GetString(), why.GetProperty("to").GetString()));
        Assert.Contains("health", why.GetProperty("readings").EnumerateArray().Select(r => r.GetProperty("signal").GetString()));
        Assert.Contains("per_account: 0 of 1 touch per 30 days used before this one", why.GetProperty("passed").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains("exclude_churn_risk: the account is not at churn risk", why.GetProperty("passed").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["`budget-low` Watching -> Offer: per_account"], why.GetProperty("outranked").EnumerateArray().Select(p => p.GetString()));

        // The CRM row holds the same provenance the view shows.
        using var crm = new SqliteConnection($"Data Source={Host.CrmPath};Mode=ReadOnly");
        crm.Open();
        using var command = crm.CreateCommand();
        command.CommandText = "SELECT provenance FROM proposals WHERE account_id = $account";
        command.Parameters.AddWithValue("$account", accountId);
        var stored = JsonDocument.Parse((string)command.ExecuteScalar()!).RootElement;
        static string[] Texts(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
        Assert.Equal(Texts(why.GetProperty("passed")), Texts(stored.GetProperty("passed")));
        Assert.Equal(Texts(why.GetProperty("outranked")), Texts(stored.GetProperty("outranked")));
    }

    [Fact]
    public async Task The_suppressed_touch_is_recorded_with_its_rule_the_play_that_got_the_slot_and_the_counts()
    {
        var accountId = AccountWithProposal();

        var view = await Host.Client.GetFromJsonAsync<JsonElement>($"/api/accounts/{accountId}");

        var suppressed = view.GetProperty("suppressed").EnumerateArray().ToList();
        Assert.Equal(Count(Host.StatePath, "SELECT COUNT(*) FROM audit_log WHERE account_id = $account AND kind = 'suppressed'", accountId), suppressed.Count);
        var touch = Assert.Single(suppressed);
        Assert.Equal(("budget-low", "per_account", "Watching", "Offer"),
            (touch.GetProperty("playbookId").GetString(), touch.GetProperty("rule").GetString(), touch.GetProperty("from").GetString(), touch.GetProperty("to").GetString()));
        Assert.Contains("1 of 1 touch per 30 days used by the account: proposal by `budget-high` on ", touch.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_account_view_lists_what_the_crm_holds_for_the_account()
    {
        var accountId = AccountWithProposal();

        var view = await Host.Client.GetFromJsonAsync<JsonElement>($"/api/accounts/{accountId}");

        Assert.Equal(Count(Host.CrmPath, "SELECT COUNT(*) FROM tasks WHERE account_id = $account", accountId), view.GetProperty("tasks").GetArrayLength());
        Assert.Equal(Count(Host.CrmPath, "SELECT COUNT(*) FROM proposals WHERE account_id = $account", accountId), view.GetProperty("proposals").GetArrayLength());
        Assert.Equal(Count(Host.CrmPath, "SELECT COUNT(*) FROM playbook_stages WHERE account_id = $account", accountId), view.GetProperty("playbooks").GetArrayLength());
        Assert.Equal(Count(Host.CrmPath, "SELECT COUNT(*) FROM license_changes WHERE account_id = $account", accountId), view.GetProperty("licenses").GetArrayLength());
        Assert.Contains(view.GetProperty("signals").EnumerateArray(), s => s.GetProperty("signal").GetString() == "health");
        Assert.Contains(view.GetProperty("playbooks").EnumerateArray(), p => p.GetProperty("playbookId").GetString() == "budget-high" && p.GetProperty("state").GetString() == "Offer");
    }

    private long CountAll(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Host.StatePath};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Status_and_metrics_count_the_suppressed_touches_by_rule_and_playbook_as_the_audit_log_holds_them()
    {
        var total = CountAll("SELECT COUNT(*) FROM audit_log WHERE kind = 'suppressed'");
        var perAccount = CountAll("SELECT COUNT(*) FROM audit_log WHERE kind = 'suppressed' AND guardrail = 'per_account' AND playbook_id = 'budget-low'");
        Assert.True(perAccount > 0, "the low play lost at least one slot");
        Assert.Equal(0, CountAll("SELECT COUNT(*) FROM audit_log WHERE kind = 'suppressed' AND guardrail = 'per_account' AND playbook_id = 'budget-high'"));

        var status = await Cli.CliRunner.RunAsync("status", "--state-db", Host.StatePath);

        Assert.True(status.ExitCode == 0, status.Error);
        Assert.Contains($"Suppressed touches, last 30 days: {total} ", status.Output, StringComparison.Ordinal);
        Assert.Contains($"  per_account: {perAccount} (budget-low {perAccount})", status.Output, StringComparison.Ordinal);

        // The host syncs on the wall clock, so the period is the days around today.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var environment = Dashboard.DashboardHost.Rates.ToDictionary(r => $"CRMSUITE_Metrics__Rates__{r.Key}", r => r.Value);
        var metrics = await Cli.CliRunner.RunInAsync(Cli.CliRunner.RepositoryRoot, environment,
            "metrics", "--from", today.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            "--to", today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            "--format", "json", "--state-db", Host.StatePath, "--crm-db", Host.CrmPath);

        Assert.True(metrics.ExitCode == 0, metrics.Error);
        var rows = JsonDocument.Parse(metrics.Output).RootElement.GetProperty("suppressed_touches").EnumerateArray().ToList();
        Assert.Equal(total, rows.Sum(r => r.GetProperty("touches").GetInt64()));
        var row = Assert.Single(rows, r => r.GetProperty("rule").GetString() == "per_account");
        Assert.Equal(("budget-low", perAccount), (row.GetProperty("playbook_id").GetString(), row.GetProperty("touches").GetInt64()));
    }

    [Fact]
    public async Task An_unknown_account_is_a_404_naming_it()
    {
        using var response = await Host.Client.GetAsync("/api/accounts/no-such-account");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no-such-account", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_account_view_is_behind_the_same_host_guard_as_the_work_queue()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/accounts/{AccountWithProposal()}");
        request.Headers.Host = "evil.example";

        using var response = await Host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_csm_follows_a_task_to_its_account_and_reads_why_it_exists_and_what_was_suppressed()
    {
        var accountId = AccountWithProposal();
        var view = await Host.Client.GetFromJsonAsync<JsonElement>($"/api/accounts/{accountId}");
        var accountName = view.GetProperty("name").GetString()!;
        using var crm = new SqliteConnection($"Data Source={Host.CrmPath};Mode=ReadOnly");
        crm.Open();
        using var command = crm.CreateCommand();
        command.CommandText = "SELECT csm_id FROM accounts WHERE id = $account";
        command.Parameters.AddWithValue("$account", accountId);
        var csmId = (string)command.ExecuteScalar()!;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await WorkQueueBrowserTests.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = Host.BaseAddress.ToString() });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add($"{message.Text} ({message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };

        await page.GotoAsync($"/#csm={Uri.EscapeDataString(csmId)}");
        var task = page.Locator("li.task", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = $"Walk {accountName} through the budget-high offer" }) });
        await Expect(task.Locator(".reason-facts")).ToContainTextAsync("Passed per_account: 0 of 1 touch per 30 days used before this one");
        await Expect(task.Locator(".reason-facts")).ToContainTextAsync("Outranked `budget-low` Watching -> Offer: per_account");
        // Only the account page's own errors count here: the work queue page has tests of its own.
        lock (errors)
        {
            errors.Clear();
        }

        await task.GetByRole(AriaRole.Link, new() { Name = accountName }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = accountName, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#suppressed tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#suppressed")).ToContainTextAsync("proposal by `budget-high`");
        await Expect(page.Locator("#account-tasks > li")).ToHaveCountAsync(view.GetProperty("tasks").GetArrayLength());
        await Expect(page.Locator("#account-proposals")).ToContainTextAsync("Outranked `budget-low` Watching -> Offer: per_account");
        await Expect(page.Locator("#playbooks")).ToContainTextAsync("budget-high");
        await Expect(page.Locator("#signals tr")).ToHaveCountAsync(view.GetProperty("signals").GetArrayLength());
        await Expect(page.Locator("#licenses")).ToContainTextAsync("No license change.");
        lock (errors)
        {
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
    }
}
