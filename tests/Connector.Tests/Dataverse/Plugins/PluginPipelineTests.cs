using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CrmSuite.Connector.Crm.Dataverse.Registration;
using CrmSuite.Plugins.Context;
using CrmSuite.Plugins.Parsing;

namespace CrmSuite.Connector.Tests.Dataverse.Plugins;

/// <summary>
/// The emulator calls the registered webhook steps as Dataverse does (use-webhooks.md): the RemoteExecutionContext the
/// project's parser reads, filtering attributes honoured, synchronous steps able to cancel the write, one retry on 503.
/// </summary>
public sealed class PluginPipelineTests
{
    private static async Task<(RegistrationFixture Org, WebhookCapture Hook)> StartAsync(WebhookCredential? credential = null)
    {
        var org = await RegistrationFixture.StartAsync();
        var hook = await WebhookCapture.StartAsync();
        var (result, _) = await org.RegisterAsync(hook.Address, credential);
        Assert.True(result.Succeeded, string.Join("\n", result.Missing));
        return (org, hook);
    }

    [Fact]
    public async Task A_completed_task_posts_the_asynchronous_post_operation_context_with_the_registered_post_image()
    {
        var (org, hook) = await StartAsync();
        await using var _ = org;
        await using var __ = hook;
        var account = org.Emulator.Seed("account", new Dictionary<string, object?> { ["name"] = "Contoso" });
        var task = org.Emulator.Seed("task", new Dictionary<string, object?>
        {
            ["subject"] = "Call the sponsor",
            ["cs_stepkey"] = "k-1",
            ["regardingobjectid"] = new DataverseEmulator.Store.EntityReference("account", account),
        });

        org.Emulator.CompleteTask(task, "reached");
        await org.Emulator.PluginsIdleAsync();

        var call = Assert.Single(hook.Calls);
        Assert.Equal(("/plugins", $"?code={RegistrationFixture.Key}", "task", "Update"),
            (call.Path, call.Query, call.Headers["x-ms-dynamics-entity-name"], call.Headers["x-ms-dynamics-request-name"]));
        var context = RemoteExecutionContextParser.Parse(Encoding.UTF8.GetBytes(call.Body), sizeExceeded: false);
        Assert.Equal(("Update", "task", task, PipelineStage.PostOperation, ExecutionMode.Asynchronous, 1),
            (context.MessageName, context.PrimaryEntityName, context.PrimaryEntityId, context.Stage, context.Mode, context.Depth));
        Assert.Equal(new OptionSetValue(1), context.Target!["statecode"]);
        Assert.Null(context.Target["subject"]);
        Assert.Equal(new TextValue("k-1"), context.PostImages["post"]["cs_stepkey"]);
        Assert.Equal(new TextValue("reached"), context.PostImages["post"]["cs_outcome"]);
        Assert.Equal(new EntityReferenceValue("account", account, null), context.PostImages["post"]["regardingobjectid"]);
        Assert.Matches("\"OperationCreatedOn\":\"/Date\\(\\d+\\)/\"", call.Body);
        Assert.NotNull(context.OperationCreatedOn);
    }

    [Fact]
    public async Task An_update_that_sets_none_of_the_filtering_attributes_calls_no_webhook()
    {
        var (org, hook) = await StartAsync();
        await using var _ = org;
        await using var __ = hook;
        var task = org.Emulator.Seed("task", new Dictionary<string, object?> { ["subject"] = "Call", ["cs_stepkey"] = "k-2" });

        org.Emulator.Change("task", task, new Dictionary<string, object?> { ["subject"] = "Call the sponsor again" });
        await org.Emulator.PluginsIdleAsync();

        Assert.Empty(hook.Calls);
    }

    [Fact]
    public async Task A_synchronous_step_that_answers_non_2xx_cancels_the_save_with_the_plugin_error()
    {
        var (org, hook) = await StartAsync();
        await using var _ = org;
        await using var __ = hook;
        var quote = org.Emulator.Seed("quote", new Dictionary<string, object?> { ["name"] = "Q-1", ["discountpercentage"] = 10m, ["cs_tier"] = "professional", ["cs_seats"] = 50 });
        hook.Status = 422;

        using var response = await org.Dataverse.Client.PatchAsync($"quotes({quote:D})", JsonContent.Create(new { discountpercentage = 45m }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("0x80040265", error.GetProperty("code").GetString());
        Assert.Contains("CrmSuite discount-ceiling: Update of quote", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(10m, org.Emulator.Find("quote", quote)!["discountpercentage"]);
        var sync = hook.Calls.Last();
        var context = RemoteExecutionContextParser.Parse(Encoding.UTF8.GetBytes(sync.Body), sizeExceeded: false);
        Assert.Equal((PipelineStage.PreOperation, ExecutionMode.Synchronous), (context.Stage, context.Mode));
        Assert.Equal(new TextValue("professional"), context.PreImages["pre"]["cs_tier"]);
        Assert.Equal(new NumberValue(45m), context.Target!["discountpercentage"]);
    }

    [Fact]
    public async Task A_gateway_error_gets_exactly_one_more_attempt()
    {
        var (org, hook) = await StartAsync();
        await using var _ = org;
        await using var __ = hook;
        var subscription = org.Emulator.Seed("cs_subscription", new Dictionary<string, object?> { ["cs_seats"] = 10 });
        await org.Emulator.PluginsIdleAsync();
        var before = hook.Calls.Count;
        hook.Status = 503;

        org.Emulator.Change("cs_subscription", subscription, new Dictionary<string, object?> { ["cs_seats"] = 12 });
        await org.Emulator.PluginsIdleAsync();

        Assert.Equal(2, hook.Calls.Count - before);
        Assert.All(org.Emulator.PluginCalls.TakeLast(2), c => Assert.Equal(("CrmSuite subscription-changed: Update of cs_subscription", 503), (c.Step, c.Status)));
    }

    [Fact]
    public async Task An_http_header_endpoint_sends_its_header_and_the_key_is_never_readable()
    {
        var (org, hook) = await StartAsync(WebhookCredential.Header("X-CrmSuite-Webhook", "header-secret-0123456789"));
        await using var _ = org;
        await using var __ = hook;

        org.Emulator.Seed("cs_subscription", new Dictionary<string, object?> { ["cs_seats"] = 10 });
        await org.Emulator.PluginsIdleAsync();

        var call = Assert.Single(hook.Calls);
        Assert.Equal("header-secret-0123456789", call.Headers["X-CrmSuite-Webhook"]);
        Assert.Equal("", call.Query);
        var endpoint = await org.Dataverse.Client.GetFromJsonAsync<JsonElement>("serviceendpoints?$select=authvalue,isauthvalueset");
        var row = Assert.Single(endpoint.GetProperty("value").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("authvalue").ValueKind);
        Assert.True(row.GetProperty("isauthvalueset").GetBoolean());
    }
}
