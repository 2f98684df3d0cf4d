using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using CrmSuite.Connector.Crm;
using CrmSuite.DataverseEmulator;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.DataverseEmulator.Store;

namespace CrmSuite.Connector.Tests.Dataverse.Plugins;

/// <summary>
/// Issue 17 end to end: what a CSM, a customer and a seller do in Dynamics 365 reaches the connector by webhook and comes back
/// as rows in Dataverse, once.
/// </summary>
public sealed class PluginRoundTripTests : PluginRoundTrip
{
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
            ["cs_answeredon"] = Time.GetUtcNow(),
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
    public async Task A_proposal_declined_in_dynamics_fires_on_proposal_declined_by_webhook_and_starts_the_quiet_period()
    {
        var account = CrmSuiteAccounts.AccountId(1);
        Dv.CompleteTask(TaskOf(account, "Call"), "reached");
        await UntilConnectorDoneAsync();
        var proposal = (Guid)Assert.Single(Dv.Rows("cs_upgradeproposal"), r => Refers(r, "cs_accountid", account))["cs_upgradeproposalid"]!;

        Dv.Change("cs_upgradeproposal", proposal, new Dictionary<string, object?>
        {
            ["cs_status"] = "declined",
            ["cs_declinereason"] = "budget frozen",
            ["cs_answeredon"] = Time.GetUtcNow(),
            ["cs_answeredby"] = "Dana Park",
        });
        await UntilConnectorDoneAsync();
        var answered = Dv.PluginCalls.Last(c => c.Step == "CrmSuite proposal-answered: Update of cs_upgradeproposal");
        using var replay = await PostAsync(answered.Body);
        await UntilConnectorDoneAsync();

        // No scheduled sync ran: the webhook alone moved the playbook and marked the CRM's event.
        Assert.Equal("Done", StateOf(account));
        Assert.StartsWith("applied: Offer -> Done", (string?)Dv.Find("cs_upgradeproposal", proposal)!["cs_eventresult"], StringComparison.Ordinal);
        Assert.Empty(Dv.Rows("cs_licensechange"));
        Assert.Equal("already handled", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        // The quiet period: the decline is the account's last, which the quiet_days_after_decline guardrail counts from.
        var record = Assert.Single(await Connector.Services.GetRequiredService<ICrmAccounts>().ReadAccountsAsync([account.ToString("D")], CancellationToken.None));
        Assert.Equal(DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime), record.History.LastDeclinedOn);
    }

    [Fact]
    public async Task A_handlers_own_write_comes_back_at_depth_2_with_the_same_correlation_and_changes_nothing()
    {
        var account = CrmSuiteAccounts.AccountId(1);
        Dv.CompleteTask(TaskOf(account, "Call"), "reached");
        await UntilConnectorDoneAsync();
        var proposal = (Guid)Assert.Single(Dv.Rows("cs_upgradeproposal"), r => Refers(r, "cs_accountid", account))["cs_upgradeproposalid"]!;
        var callsBefore = Dv.PluginCalls.Count;

        Dv.Change("cs_upgradeproposal", proposal, new Dictionary<string, object?>
        {
            ["cs_status"] = "accepted",
            ["cs_answeredon"] = Time.GetUtcNow(),
            ["cs_answeredby"] = "Dana Park",
        });
        await UntilConnectorDoneAsync();

        // The customer's answer is a person's change (depth 1); the connector's license change on cs_subscription, made while
        // handling it, triggers the subscription step one level deeper with the answer's correlation id.
        var calls = Dv.PluginCalls.Skip(callsBefore).ToList();
        var answered = JsonDocument.Parse(Assert.Single(calls, c => c.Step == "CrmSuite proposal-answered: Update of cs_upgradeproposal").Body).RootElement;
        var caused = JsonDocument.Parse(Assert.Single(calls, c => c.Step == "CrmSuite subscription-changed: Update of cs_subscription").Body).RootElement;
        Assert.Equal(1, answered.GetProperty("Depth").GetInt32());
        Assert.Equal(2, caused.GetProperty("Depth").GetInt32());
        Assert.Equal(answered.GetProperty("CorrelationId").GetString(), caused.GetProperty("CorrelationId").GetString());
        // The recursion guard ignored it: nothing stored, nothing evaluated again.
        Assert.Equal(0, await TestPipeline.StateScalar(Connector.InboxPath, "SELECT COUNT(*) FROM webhook_events WHERE handler = 'subscription-changed'"));
        Assert.Equal("enterprise", Dv.Find("cs_subscription", CrmSuiteAccounts.SubscriptionId(1))!["cs_tier"]);
        Assert.Single(Dv.Rows("cs_licensechange"));
    }

    [Fact]
    public async Task A_person_s_own_change_to_a_license_arrives_at_depth_1_and_is_evaluated()
    {
        var callsBefore = Dv.PluginCalls.Count;

        Dv.Change("cs_subscription", CrmSuiteAccounts.SubscriptionId(2), new Dictionary<string, object?> { ["cs_seatsused"] = 4 });
        await UntilConnectorDoneAsync();

        var call = Assert.Single(Dv.PluginCalls.Skip(callsBefore), c => c.Step == "CrmSuite subscription-changed: Update of cs_subscription");
        Assert.Equal(1, JsonDocument.Parse(call.Body).RootElement.GetProperty("Depth").GetInt32());
        Assert.Equal(1, await TestPipeline.StateScalar(Connector.InboxPath, "SELECT COUNT(*) FROM webhook_events WHERE handler = 'subscription-changed' AND depth = 1"));
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
}
