using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmSuite.Connector.Tests.Web;

/// <summary>
/// The work queue end to end in headless Chromium: Debian's chromium at /usr/bin/chromium driven by Playwright (no browser
/// download), against the real host. Waits are Playwright's auto-waiting assertions, never sleeps.
/// </summary>
public sealed class WorkQueueBrowserTests(WorkQueueHost host) : IClassFixture<WorkQueueHost>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task A_csm_opens_the_queue_completes_a_task_and_sees_the_next_task_appear()
    {
        var csm = (await host.Client.GetFromJsonAsync<JsonElement>("/api/csms"))[0];
        var csmId = csm.GetProperty("id").GetString()!;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = host.BaseAddress.ToString() });
        // The playbook's talk track carries <script>alert(1)</script> and a javascript: link: no dialog may ever open.
        var dialogs = 0;
        page.Dialog += (_, _) => dialogs++;

        await page.GotoAsync("/");
        await page.GetByLabel("CSM").SelectOptionAsync(csmId);

        var first = page.Locator("li.task").First;
        await Expect(first).ToBeVisibleAsync();
        var subject = (await first.Locator("h2").InnerTextAsync()).Trim();
        Assert.StartsWith("Call ", subject, StringComparison.Ordinal);
        var accountName = subject["Call ".Length..];
        await Expect(first.Locator(".talk-track")).ToContainTextAsync($"Hello {accountName}");
        await Expect(first.Locator(".talk-track script")).ToHaveCountAsync(0);

        await first.GetByRole(AriaRole.Button, new() { Name = "reached", Exact = true }).ClickAsync();

        var next = page.Locator("li.task", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = $"Walk {accountName} through the proposal" }) });
        await Expect(next).ToBeVisibleAsync();
        await Expect(next.Locator(".proposal")).ToContainTextAsync("Offer next-tier");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = subject, Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Call -> Offer");
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task A_csm_records_an_accepted_proposal_and_sees_the_license_change_and_the_next_step()
    {
        var csmId = (await host.Client.GetFromJsonAsync<JsonElement>("/api/csms"))[1].GetProperty("id").GetString()!;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = host.BaseAddress.ToString() });
        await page.GotoAsync("/");
        await page.GetByLabel("CSM").SelectOptionAsync(csmId);
        var call = page.Locator("li.task", new() { Has = page.GetByRole(AriaRole.Heading, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Call ") }) }).First;
        var accountName = (await call.Locator("h2").InnerTextAsync()).Trim()["Call ".Length..];
        await call.GetByRole(AriaRole.Button, new() { Name = "reached", Exact = true }).ClickAsync();

        var proposal = page.Locator("li.open-proposal", new() { HasText = $"Offer next-tier for {accountName}" });
        await Expect(proposal).ToBeVisibleAsync();
        await proposal.GetByText("Proposal document").ClickAsync();
        await Expect(proposal.Locator(".document")).ToContainTextAsync(accountName);
        await proposal.GetByRole(AriaRole.Button, new() { Name = "Customer accepted" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("License: changed");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Offer -> Upgraded");
        await Expect(proposal).ToHaveCountAsync(0);
        // The next step: the walk-through task of the Offer state is superseded by the move to Upgraded.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Walk {accountName} through the proposal" })).ToHaveCountAsync(0);
        var tier = await host.Client.GetFromJsonAsync<JsonElement>($"/api/csms/{csmId}/proposals");
        Assert.DoesNotContain(tier.EnumerateArray(), p => p.GetProperty("accountName").GetString() == accountName);
    }

    // Debian's chromium, headless, with nothing that reaches the network on its own.
    internal static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (scripts/test.sh does it)");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic"],
        });
    }
}
