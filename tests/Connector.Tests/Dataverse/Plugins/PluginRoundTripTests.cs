using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Crm.Dataverse.Registration;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.Connector.Tests.Web;
using CrmSuite.DataverseEmulator;
using CrmSuite.DataverseEmulator.Store;
using Organisation = CrmSuite.DataverseEmulator.DataverseEmulator;

namespace CrmSuite.Connector.Tests.Dataverse.Plugins;

/// <summary>
/// Issue 17 end to end: the schema deployed and the plugins registered in the emulated organisation, pointing at the
/// connector's web host on loopback; what a CSM, a customer and a seller do in Dynamics 365 reaches the connector by webhook
/// and comes back as rows in Dataverse, once.
/// </summary>
public sealed class PluginRoundTripTests : IAsyncLifetime
{
    private static readonly Guid DealDesk = new("dea1de5c-0000-4000-8000-000000000001");

    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private Organisation? _emulator;
    private ConnectorWebHost? _connector;

    private Organisation Dv => _emulator!;

    private ConnectorWebHost Connector => _connector!;

    public async Task InitializeAsync()
    {
        _emulator = await Organisation.StartAsync(new EmulatorOptions { Time = _time });
        await CrmSuiteSchema.DeployAsync(_emulator);
        CrmSuiteAccounts.Seed(_emulator, 3, _ => 5);
        _emulator.Seed("systemuser", new Dictionary<string, object?> { ["systemuserid"] = DealDesk, ["fullname"] = "Deal Desk", ["isdisabled"] = false });
        _connector = await ConnectorWebHost.StartAsync(_emulator, _folder, _time, WorkQueuePlaybooks.Write(_folder), DealDesk.ToString("D"));
        await Connector.Services.GetRequiredService<SyncCycle>().RunAsync(SyncMode.Incremental, CancellationToken.None);
        var output = new StringWriter();
        var registered = await Connector.Services.GetRequiredService<PluginRegistrar>()
            .RegisterAsync(Connector.Address, WebhookCredential.Key(ConnectorWebHost.Key), output, CancellationToken.None);
        Assert.True(registered.Succeeded, string.Join("\n", registered.Missing));
    }

    public async Task DisposeAsync()
    {
        if (_connector is not null)
        {
            await _connector.DisposeAsync();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _folder.Dispose();
    }

    [Fact]
    public async Task A_task_completed_in_dynamics_moves_the_playbook_by_webhook_and_the_next_task_is_written_back()
    {
        var account = CrmSuiteAccounts.AccountId(1);
        var call = TaskOf(account, "Call");

        Dv.CompleteTask(call, "reached");
        await UntilConnectorDoneAsync();

        Assert.NotNull(Dv.Find("task", call)!["cs_outcomeresult"]);
        Assert.Single(Dv.Rows("task"), r => Refers(r, "regardingobjectid", account) && (string?)r["cs_state"] == "Offer" && (int?)r["statecode"] == 0);
        Assert.Equal("issued", Assert.Single(Dv.Rows("cs_upgradeproposal"), r => Refers(r, "cs_accountid", account))["cs_status"]);
        Assert.Equal(("Call", "Call"), (StateOf(CrmSuiteAccounts.AccountId(2)), StateOf(CrmSuiteAccounts.AccountId(3))));
        Assert.Contains(Dv.PluginCalls, c => c.Step == "CrmSuite task-completed: Update of task" && c.Status == 200);
    }

    [Fact]
    public async Task A_proposal_accepted_in_dynamics_changes_the_license_once_and_a_replayed_webhook_changes_nothing()
    {
        var account = CrmSuiteAccounts.AccountId(1);
        Dv.CompleteTask(TaskOf(account, "Call"), "reached");
        await UntilConnectorDoneAsync();
        var proposal = (Guid)Assert.Single(Dv.Rows("cs_upgradeproposal"), r => Refers(r, "cs_accountid", account))["cs_upgradeproposalid"]!;

        Dv.Change("cs_upgradeproposal", proposal, new Dictionary<string, object?>
        {
            ["cs_status"] = "accepted",
            ["cs_answeredon"] = _time.GetUtcNow(),
            ["cs_answeredby"] = "Dana Park",
        });
        await UntilConnectorDoneAsync();
        var subscription = Dv.Find("cs_subscription", CrmSuiteAccounts.SubscriptionId(1))!;
        var answered = Dv.PluginCalls.Last(c => c.Step == "CrmSuite proposal-answered: Update of cs_upgradeproposal");
        using var replay = await PostAsync(answered.Body);
        await UntilConnectorDoneAsync();

        Assert.Equal("enterprise", subscription["cs_tier"]);
        Assert.Single(Dv.Rows("cs_licensechange"));
        Assert.NotNull(Dv.Find("cs_upgradeproposal", proposal)!["cs_eventresult"]);
        Assert.Equal("already handled", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(subscription["versionnumber"], Dv.Find("cs_subscription", CrmSuiteAccounts.SubscriptionId(1))!["versionnumber"]);
        Assert.Single(Dv.Rows("cs_licensechange"));
    }

    [Fact]
    public async Task A_discount_beyond_the_hard_ceiling_is_refused_by_the_synchronous_step_and_the_seller_gets_the_plugin_error()
    {
        var quote = Quote(discount: 10m);
        await UntilConnectorDoneAsync();
        using var http = EmulatorClient();

        using var refused = await http.PatchAsync($"quotes({quote:D})", JsonContent.Create(new { discountpercentage = 45m }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("0x80040265", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(10m, Dv.Find("quote", quote)!["discountpercentage"]);
        Assert.Contains(Dv.PluginCalls, c => c.Step == "CrmSuite discount-ceiling: Update of quote" && c.Status == 422);
    }

    [Fact]
    public async Task An_off_policy_discount_is_marked_on_the_quote_with_an_approval_task_for_the_deal_desk_once()
    {
        var quote = Quote(discount: 10m);
        await UntilConnectorDoneAsync();
        Assert.Equal("within-policy", Dv.Find("quote", quote)!["cs_discountstatus"]);
        using var http = EmulatorClient();

        using var saved = await http.PatchAsync($"quotes({quote:D})", JsonContent.Create(new { discountpercentage = 30m }));
        await UntilConnectorDoneAsync();
        var review = Dv.PluginCalls.Last(c => c.Step == "CrmSuite discount-review: Update of quote");
        using var replay = await PostAsync(review.Body);
        await UntilConnectorDoneAsync();

        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        var row = Dv.Find("quote", quote)!;
        Assert.Equal("off-policy", row["cs_discountstatus"]);
        Assert.StartsWith("30% needs deal-desk approval: this deal earns 23.29% under price book crmsuite v3", (string?)row["cs_discountnote"], StringComparison.Ordinal);
        var task = Assert.Single(Dv.Rows("task"), r => Refers(r, "regardingobjectid", quote));
        Assert.Equal("Deal desk: approve the 30% discount on quote Contoso renewal", task["subject"]);
        Assert.Equal(new EntityReference("systemuser", DealDesk), task["ownerid"]);
        Assert.Null(task.GetValueOrDefault("cs_stepkey"));
        Assert.Equal("already handled", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    private Guid Quote(decimal discount) => Dv.Seed("quote", new Dictionary<string, object?>
    {
        ["name"] = "Contoso renewal",
        ["discountpercentage"] = discount,
        ["cs_tier"] = "professional",
        ["cs_seats"] = 50,
        ["cs_billingperiod"] = "annual",
        ["cs_termyears"] = 2,
        ["cs_currency"] = "USD",
    });

    private async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var http = new HttpClient { BaseAddress = Connector.Address };
        return await http.PostAsync($"plugins?code={ConnectorWebHost.Key}", new StringContent(body, Encoding.UTF8, "application/json"));
    }

    private HttpClient EmulatorClient()
    {
        var http = new HttpClient { BaseAddress = Dv.ServiceRoot };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Dv.Options.AccessToken);
        http.DefaultRequestHeaders.Add("OData-MaxVersion", "4.0");
        http.DefaultRequestHeaders.Add("OData-Version", "4.0");
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    /// <summary>
    /// Waits until the emulator has posted every queued asynchronous call and the connector has handled every event its inbox
    /// accepted (bounded; the condition ends the wait). Handling may write to Dataverse and cause further calls: both are
    /// checked again until neither has work.
    /// </summary>
    private async Task UntilConnectorDoneAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            await Dv.PluginsIdleAsync().WaitAsync(deadline.Token);
            if (await TestPipeline.StateScalar(Connector.InboxPath, "SELECT COUNT(*) FROM webhook_events WHERE handled_at IS NULL") == 0)
            {
                await Dv.PluginsIdleAsync().WaitAsync(deadline.Token);
                if (await TestPipeline.StateScalar(Connector.InboxPath, "SELECT COUNT(*) FROM webhook_events WHERE handled_at IS NULL") == 0)
                {
                    return;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }

    private string? StateOf(Guid account) =>
        (string?)Dv.Rows("cs_playbookstage").SingleOrDefault(r => Refers(r, "cs_accountid", account))?["cs_stage"];

    private Guid TaskOf(Guid account, string state) =>
        (Guid)Dv.Rows("task").Single(r => Refers(r, "regardingobjectid", account) && (string?)r["cs_state"] == state)["activityid"]!;

    private static bool Refers(IReadOnlyDictionary<string, object?> row, string lookup, Guid id) =>
        row.TryGetValue(lookup, out var value) && value is EntityReference reference && reference.Id == id;
}
