using CrmSuite.Connector.Crm.Dataverse.Registration;
using CrmSuite.DataverseEmulator.Store;

namespace CrmSuite.Connector.Tests.Dataverse.Plugins;

/// <summary>register-plugins against the emulated organisation (docs/plugins.md, "Register the plugins").</summary>
public sealed class PluginRegistrationTests
{
    private static readonly Uri Connector = new("https://connector.example.com");

    [Fact]
    public async Task A_first_run_registers_one_webhook_endpoint_and_every_handler_step_with_its_images()
    {
        await using var org = await RegistrationFixture.StartAsync();

        var (result, output) = await org.RegisterAsync(Connector);

        Assert.True(result.Succeeded, string.Join("\n", result.Missing));
        // An endpoint, 16 steps (opportunity and upgrade proposal discount steps included) and 13 images.
        Assert.Equal(30, result.Changes.Count);
        var endpoint = Assert.Single(org.Emulator.Rows("serviceendpoint"));
        Assert.Equal((PluginRegistrar.EndpointName, 8, 4, "https://connector.example.com/plugins", true),
            ((string?)endpoint["name"], (int?)endpoint["contract"], (int?)endpoint["authtype"], (string?)endpoint["url"], (bool?)endpoint["isauthvalueset"]));
        var desired = DesiredStep.All();
        var steps = org.Emulator.Rows("sdkmessageprocessingstep");
        Assert.Equal(desired.Select(d => d.Name).Order(StringComparer.Ordinal), steps.Select(s => (string)s["name"]!).Order(StringComparer.Ordinal));
        var completed = Assert.Single(steps, s => (string?)s["name"] == "CrmSuite task-completed: Update of task");
        Assert.Equal((40, 1, 1, "statecode"), ((int?)completed["stage"], (int?)completed["mode"], (int?)completed["rank"], (string?)completed["filteringattributes"]));
        var ceiling = Assert.Single(steps, s => (string?)s["name"] == "CrmSuite discount-ceiling: Update of quote");
        Assert.Equal((20, 0), ((int?)ceiling["stage"], (int?)ceiling["mode"]));
        var images = org.Emulator.Rows("sdkmessageprocessingstepimage");
        var post = Assert.Single(images, i => Refers(i, "sdkmessageprocessingstepid", (Guid)completed["sdkmessageprocessingstepid"]!));
        Assert.Equal(("post", 1, "Target", "cs_stepkey,cs_outcome,regardingobjectid,statecode"),
            ((string?)post["entityalias"], (int?)post["imagetype"], (string?)post["messagepropertyname"], (string?)post["attributes"]));
        var pre = Assert.Single(images, i => Refers(i, "sdkmessageprocessingstepid", (Guid)ceiling["sdkmessageprocessingstepid"]!));
        Assert.Equal(("pre", 0), ((string?)pre["entityalias"], (int?)pre["imagetype"]));
        foreach (var table in new[] { "opportunity", "cs_upgradeproposal" })
        {
            var synchronous = Assert.Single(steps, s => (string?)s["name"] == $"CrmSuite discount-ceiling: Update of {table}");
            Assert.Equal((20, 0), ((int?)synchronous["stage"], (int?)synchronous["mode"]));
            Assert.Equal("pre", Assert.Single(images, i => Refers(i, "sdkmessageprocessingstepid", (Guid)synchronous["sdkmessageprocessingstepid"]!))["entityalias"]);
            Assert.Single(steps, s => (string?)s["name"] == $"CrmSuite discount-ceiling: Create of {table}");
            Assert.Single(steps, s => (string?)s["name"] == $"CrmSuite discount-review: Update of {table}" && (int?)s["mode"] == 1);
        }

        var proposalCeiling = Assert.Single(steps, s => (string?)s["name"] == "CrmSuite discount-ceiling: Update of cs_upgradeproposal");
        Assert.Equal("cs_discountpercentage,cs_terms", proposalCeiling["filteringattributes"]);
        Assert.Contains("created service endpoint CrmSuite connector: Webhook to https://connector.example.com/plugins, Webhook Key", output, StringComparison.Ordinal);
        Assert.DoesNotContain(RegistrationFixture.Key, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_run_only_reads_and_changes_nothing()
    {
        await using var org = await RegistrationFixture.StartAsync();
        await org.RegisterAsync(Connector);
        org.Emulator.ClearRequestLog();

        var (result, output) = await org.RegisterAsync(Connector);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Changes);
        Assert.Empty(output);
        Assert.All(org.Emulator.Requests, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task A_changed_url_or_key_updates_the_endpoint_in_place_and_leaves_the_steps_alone()
    {
        await using var org = await RegistrationFixture.StartAsync();
        await org.RegisterAsync(Connector);
        var endpointId = (Guid)Assert.Single(org.Emulator.Rows("serviceendpoint"))["serviceendpointid"]!;
        var stepVersions = org.Emulator.Rows("sdkmessageprocessingstep").Select(s => (long)s["versionnumber"]!).Order().ToList();

        var (moved, movedOutput) = await org.RegisterAsync(new Uri("https://crm-hooks.example.com"));
        var (rekeyed, rekeyedOutput) = await org.RegisterAsync(new Uri("https://crm-hooks.example.com"), WebhookCredential.Key("a-new-key-from-the-vault-42"));

        var endpoint = Assert.Single(org.Emulator.Rows("serviceendpoint"));
        Assert.Equal(endpointId, endpoint["serviceendpointid"]);
        Assert.Equal("https://crm-hooks.example.com/plugins", endpoint["url"]);
        Assert.Equal(["updated service endpoint CrmSuite connector: url https://crm-hooks.example.com/plugins"], moved.Changes);
        Assert.Equal(["updated service endpoint CrmSuite connector: credential (Webhook Key (sent as ?code=…))"], rekeyed.Changes);
        Assert.Equal(stepVersions, org.Emulator.Rows("sdkmessageprocessingstep").Select(s => (long)s["versionnumber"]!).Order().ToList());
        Assert.DoesNotContain("a-new-key-from-the-vault-42", movedOutput + rekeyedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_changed_by_hand_is_put_back_and_a_crmsuite_step_no_handler_needs_is_removed()
    {
        await using var org = await RegistrationFixture.StartAsync();
        await org.RegisterAsync(Connector);
        var steps = org.Emulator.Rows("sdkmessageprocessingstep");
        var completed = steps.Single(s => (string?)s["name"] == "CrmSuite task-completed: Update of task");
        org.Emulator.Change("sdkmessageprocessingstep", (Guid)completed["sdkmessageprocessingstepid"]!, new Dictionary<string, object?> { ["mode"] = 0, ["filteringattributes"] = "subject" });
        var stale = Clone(org, completed, "CrmSuite task-deleted: Update of task");
        var foreign = Clone(org, completed, "Contoso audit: Update of task");

        var (result, _) = await org.RegisterAsync(Connector);

        Assert.Equal(
        [
            "updated step CrmSuite task-completed: Update of task: mode, filtering attributes",
            "removed step CrmSuite task-deleted: Update of task: no handler needs it any more",
        ], result.Changes);
        var after = org.Emulator.Find("sdkmessageprocessingstep", (Guid)completed["sdkmessageprocessingstepid"]!)!;
        Assert.Equal((1, "statecode"), ((int?)after["mode"], (string?)after["filteringattributes"]));
        Assert.Null(org.Emulator.Find("sdkmessageprocessingstep", stale));
        Assert.NotNull(org.Emulator.Find("sdkmessageprocessingstep", foreign));
    }

    [Fact]
    public async Task On_an_organisation_without_the_schema_it_names_what_is_missing_and_writes_nothing()
    {
        await using var org = await RegistrationFixture.StartAsync(deployed: false);
        org.Emulator.ClearRequestLog();

        var (result, output) = await org.RegisterAsync(Connector);

        Assert.False(result.Succeeded);
        Assert.Contains("table cs_subscription is not deployed: run crmsuite dataverse deploy-schema first", result.Missing);
        Assert.Contains("column task.cs_stepkey is missing: run crmsuite dataverse deploy-schema first", result.Missing);
        Assert.Contains("column quote.cs_tier is missing: run crmsuite dataverse deploy-schema first", result.Missing);
        Assert.Empty(output);
        Assert.All(org.Emulator.Requests, r => Assert.Equal("GET", r.Method));
        Assert.Empty(org.Emulator.Rows("serviceendpoint"));
    }

    [Fact]
    public async Task A_message_the_organisation_does_not_offer_on_a_table_is_named_and_nothing_is_written()
    {
        await using var org = await RegistrationFixture.StartAsync();
        org.Emulator.RemovePluginFilter("Update", "cs_upgradeproposal");

        var (result, _) = await org.RegisterAsync(Connector);

        Assert.Equal(["Dataverse offers no Update step on cs_upgradeproposal (no sdkmessagefilter): is the table deployed? run crmsuite dataverse deploy-schema first"], result.Missing);
        Assert.Empty(org.Emulator.Rows("sdkmessageprocessingstep"));
    }

    private static Guid Clone(RegistrationFixture org, IReadOnlyDictionary<string, object?> step, string name) =>
        org.Emulator.Seed("sdkmessageprocessingstep", new Dictionary<string, object?>
        {
            ["name"] = name,
            ["stage"] = 40,
            ["mode"] = 1,
            ["rank"] = 1,
            ["sdkmessageid"] = step["sdkmessageid"],
            ["sdkmessagefilterid"] = step["sdkmessagefilterid"],
            ["eventhandler"] = step["eventhandler"],
        });

    private static bool Refers(IReadOnlyDictionary<string, object?> row, string lookup, Guid id) =>
        row.TryGetValue(lookup, out var value) && value is EntityReference reference && reference.Id == id;
}
