using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSuite.Connector.Tests.Web;
using CrmSuite.DataverseEmulator;
using CrmSuite.DataverseEmulator.Store;

namespace CrmSuite.Connector.Tests.Dataverse.Plugins;

/// <summary>
/// The discount check on opportunities and upgrade proposals through the registered steps and the connector's web host on
/// loopback (docs/plugins.md, "The discount check" and "The discount review"): the synchronous step refuses a discount beyond
/// the hard ceiling on Create (no image) and Update (pre-image), the asynchronous step marks an off-policy one and opens the
/// deal desk's task, and a body stripped of its images is reviewed from the CRM.
/// </summary>
public sealed class DealDiscountRoundTripTests : PluginRoundTrip
{
    [Fact]
    public async Task A_discount_beyond_the_hard_ceiling_on_an_opportunity_update_is_refused_with_the_plugin_error_and_the_row_keeps_its_discount()
    {
        var opportunity = Opportunity(discount: 10m);
        await UntilConnectorDoneAsync();
        using var http = EmulatorClient();

        using var refused = await http.PatchAsync($"opportunities({opportunity:D})", JsonContent.Create(new { discountpercentage = 45m }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("0x80040265", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(10m, Dv.Find("opportunity", opportunity)!["discountpercentage"]);
        var call = Assert.Single(Dv.PluginCalls, c => c.Step == "CrmSuite discount-ceiling: Update of opportunity");
        Assert.Equal(422, call.Status);
        Assert.True(call.Synchronous);
        // The pre-image carries the deal's other columns: the target holds only the discount.
        Assert.Equal("pre", JsonDocument.Parse(call.Body).RootElement.GetProperty("PreEntityImages")[0].GetProperty("key").GetString());
    }

    [Fact]
    public async Task An_opportunity_created_beyond_the_hard_ceiling_is_not_saved_and_one_within_it_is()
    {
        using var http = EmulatorClient();

        using var refused = await http.PostAsync("opportunities", JsonContent.Create(Deal("Fabrikam expansion", 45m)));
        using var saved = await http.PostAsync("opportunities", JsonContent.Create(Deal("Fabrikam expansion", 20m)));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        Assert.Single(Dv.Rows("opportunity"));
        var calls = Dv.PluginCalls.Where(c => c.Step == "CrmSuite discount-ceiling: Create of opportunity").ToList();
        Assert.Equal([422, 200], calls.Select(c => c.Status));
        Assert.All(calls, c => Assert.Empty(JsonDocument.Parse(c.Body).RootElement.GetProperty("PreEntityImages").EnumerateArray()));
    }

    [Fact]
    public async Task An_off_policy_discount_on_an_opportunity_is_marked_on_it_with_an_approval_task_regarding_it()
    {
        var opportunity = Opportunity(discount: 10m);
        await UntilConnectorDoneAsync();
        using var http = EmulatorClient();

        using var saved = await http.PatchAsync($"opportunities({opportunity:D})", JsonContent.Create(new { discountpercentage = 30m }));
        await UntilConnectorDoneAsync();

        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        var row = Dv.Find("opportunity", opportunity)!;
        Assert.Equal("off-policy", row["cs_discountstatus"]);
        Assert.StartsWith("30% needs deal-desk approval: this deal earns 23.29%", (string?)row["cs_discountnote"], StringComparison.Ordinal);
        var task = Assert.Single(Dv.Rows("task"), r => Refers(r, "regardingobjectid", opportunity));
        Assert.Equal("Deal desk: approve the 30% discount on opportunity Contoso expansion", task["subject"]);
    }

    [Fact]
    public async Task A_review_body_stripped_of_its_images_is_accepted_and_the_deal_is_read_from_the_crm()
    {
        var opportunity = Opportunity(discount: 30m);
        await UntilConnectorDoneAsync();
        var review = JsonNode.Parse(Dv.PluginCalls.Last(c => c.Step == "CrmSuite discount-review: Create of opportunity").Body)!.AsObject();
        review["OperationId"] = Guid.NewGuid().ToString("D");
        review["InputParameters"] = new JsonArray();
        review["PostEntityImages"] = new JsonArray();

        using var http = new HttpClient { BaseAddress = Connector.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"plugins?code={ConnectorWebHost.Key}")
        {
            Content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-ms-dynamics-msg-size-exceeded", "true");
        using var answer = await http.SendAsync(request);
        await UntilConnectorDoneAsync();

        var said = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("accepted", said.GetProperty("status").GetString());
        Assert.Contains("the deal is read from the CRM", said.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("off-policy", Dv.Find("opportunity", opportunity)!["cs_discountstatus"]);
        Assert.Single(Dv.Rows("task"), r => Refers(r, "regardingobjectid", opportunity));
    }

    [Fact]
    public async Task A_discount_beyond_the_hard_ceiling_typed_on_an_upgrade_proposal_is_refused_and_the_proposal_keeps_none()
    {
        var proposal = await IssuedProposalAsync();
        using var http = EmulatorClient();

        using var refused = await http.PatchAsync($"cs_upgradeproposals({proposal:D})", JsonContent.Create(new { cs_discountpercentage = 45m }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(Dv.Find("cs_upgradeproposal", proposal)!.GetValueOrDefault("cs_discountpercentage"));
        var call = Assert.Single(Dv.PluginCalls, c => c.Step == "CrmSuite discount-ceiling: Update of cs_upgradeproposal" && c.Status == 422);
        var pre = JsonDocument.Parse(call.Body).RootElement.GetProperty("PreEntityImages")[0].GetProperty("value").GetProperty("Attributes");
        Assert.Contains(pre.EnumerateArray(), a => a.GetProperty("key").GetString() == "cs_terms");
    }

    [Fact]
    public async Task An_off_policy_discount_on_an_upgrade_proposal_is_marked_on_it_with_a_deal_desk_task_on_its_account_once()
    {
        var account = CrmSuiteAccounts.AccountId(1);
        var proposal = await IssuedProposalAsync();
        using var http = EmulatorClient();

        using var saved = await http.PatchAsync($"cs_upgradeproposals({proposal:D})", JsonContent.Create(new { cs_discountpercentage = 30m }));
        await UntilConnectorDoneAsync();
        var review = Dv.PluginCalls.Last(c => c.Step == "CrmSuite discount-review: Update of cs_upgradeproposal");
        using var replay = await PostAsync(review.Body);
        await UntilConnectorDoneAsync();

        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        var row = Dv.Find("cs_upgradeproposal", proposal)!;
        Assert.Equal("off-policy", row["cs_discountstatus"]);
        Assert.StartsWith("30% needs deal-desk approval: this deal earns ", (string?)row["cs_discountnote"], StringComparison.Ordinal);
        Assert.Equal("issued", row["cs_status"]);
        var task = Assert.Single(Dv.Rows("task"), r => Refers(r, "regardingobjectid", account) && ((string?)r["subject"])?.StartsWith("Deal desk:", StringComparison.Ordinal) == true);
        Assert.StartsWith("Deal desk: approve the 30% discount on upgrade proposal ", (string?)task["subject"], StringComparison.Ordinal);
        Assert.Equal(new EntityReference("systemuser", DealDesk), task["ownerid"]);
        Assert.Equal("already handled", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        // The review went to the discount review, not to the answer handler that shares its message, table and stage.
        Assert.Null(row.GetValueOrDefault("cs_eventresult"));
    }

    [Fact]
    public async Task A_discount_within_the_rules_on_an_upgrade_proposal_is_marked_within_policy_without_a_task()
    {
        var account = CrmSuiteAccounts.AccountId(1);
        var proposal = await IssuedProposalAsync();
        var tasksBefore = Dv.Rows("task").Count;
        using var http = EmulatorClient();

        using var saved = await http.PatchAsync($"cs_upgradeproposals({proposal:D})", JsonContent.Create(new { cs_discountpercentage = 0m }));
        await UntilConnectorDoneAsync();

        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        Assert.Equal("within-policy", Dv.Find("cs_upgradeproposal", proposal)!["cs_discountstatus"]);
        Assert.Equal(tasksBefore, Dv.Rows("task").Count);
        Assert.DoesNotContain(Dv.Rows("task"), r => Refers(r, "regardingobjectid", account) && ((string?)r["subject"])?.StartsWith("Deal desk:", StringComparison.Ordinal) == true);
    }

    private async Task<Guid> IssuedProposalAsync()
    {
        var account = CrmSuiteAccounts.AccountId(1);
        Dv.CompleteTask(TaskOf(account, "Call"), "reached");
        await UntilConnectorDoneAsync();
        return (Guid)Assert.Single(Dv.Rows("cs_upgradeproposal"), r => Refers(r, "cs_accountid", account))["cs_upgradeproposalid"]!;
    }

    private Guid Opportunity(decimal discount) => Dv.Seed("opportunity", new Dictionary<string, object?>
    {
        ["name"] = "Contoso expansion",
        ["discountpercentage"] = discount,
        ["cs_tier"] = "professional",
        ["cs_seats"] = 50,
        ["cs_billingperiod"] = "annual",
        ["cs_termyears"] = 2,
        ["cs_currency"] = "USD",
    });

    private static Dictionary<string, object?> Deal(string name, decimal discount) => new()
    {
        ["name"] = name,
        ["discountpercentage"] = discount,
        ["cs_tier"] = "professional",
        ["cs_seats"] = 50,
        ["cs_billingperiod"] = "annual",
        ["cs_termyears"] = 2,
        ["cs_currency"] = "USD",
    };
}
