using System.Net;
using CrmSuite.DataverseEmulator;
using CrmSuite.DataverseEmulator.Http;
using static CrmSuite.Connector.Tests.Dataverse.Emulator.EmulatorHttp;

namespace CrmSuite.Connector.Tests.Dataverse.Emulator;

public sealed class UpsertTests
{
    [Fact]
    public async Task Patch_by_alternate_key_creates_then_updates_the_same_row()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var account = dv.Seed("account", new Dictionary<string, object?> { ["name"] = "A" });
        var body = $$"""{"subject":"Check in","regardingobjectid_account_task@odata.bind":"/accounts({{account}})"}""";

        using var created = await Send(http, HttpMethod.Patch, "tasks(cs_stepkey='k-1')", body, ("Prefer", "return=representation"));
        using var updated = await Send(http, HttpMethod.Patch, "tasks(cs_stepkey='k-1')", """{"subject":"Check in again"}""", ("Prefer", "return=representation"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var task = Assert.Single(dv.Rows("task"));
        Assert.Equal("k-1", task["cs_stepkey"]);
        Assert.Equal("Check in again", task["subject"]);
        Assert.Equal(account.ToString(), (await ReadJson(created)).GetProperty("_regardingobjectid_value").GetString());
    }

    [Fact]
    public async Task If_none_match_star_creates_only_and_if_match_star_updates_only()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        using var missing = await Send(http, HttpMethod.Patch, "tasks(cs_stepkey='a')", """{"subject":"x"}""", ("If-Match", "*"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(0, dv.Count("task"));

        using var create = await Send(http, HttpMethod.Patch, "tasks(cs_stepkey='a')", """{"subject":"x"}""", ("If-None-Match", "*"));
        using var again = await Send(http, HttpMethod.Patch, "tasks(cs_stepkey='a')", """{"subject":"y"}""", ("If-None-Match", "*"));
        Assert.Equal(HttpStatusCode.NoContent, create.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, again.StatusCode);
        Assert.Equal(ErrorCodes.DuplicateRecord, ErrorCode(await ReadJson(again)));
        Assert.Equal("x", Assert.Single(dv.Rows("task"))["subject"]);
    }

    [Fact]
    public async Task A_stale_etag_is_a_precondition_failure()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var id = dv.Seed("account", new Dictionary<string, object?> { ["name"] = "A" });
        var etag = $"W/\"{dv.Find("account", id)!["versionnumber"]}\"";
        dv.Change("account", id, new Dictionary<string, object?> { ["name"] = "changed in Dynamics" });
        using var response = await Send(http, HttpMethod.Patch, $"accounts({id})", """{"name":"B"}""", ("If-Match", etag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("changed in Dynamics", dv.Find("account", id)!["name"]);
    }

    [Theory]
    [InlineData("a%2Fb")]
    [InlineData("a%3Ab")]
    [InlineData("a%2Bb")]
    public async Task Alternate_key_values_with_forbidden_characters_cannot_address_a_row(string key)
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        using var response = await Send(http, HttpMethod.Patch, $"tasks(cs_stepkey='{key}')", """{"subject":"x"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, dv.Count("task"));
    }

    [Fact]
    public async Task A_key_that_is_still_pending_cannot_be_used_until_its_index_is_active()
    {
        await using var dv = await CrmSuite.DataverseEmulator.DataverseEmulator.StartAsync(new EmulatorOptions { KeyActivationReads = 2 });
        using var http = Client(dv);
        using var column = await Send(http, HttpMethod.Post, "EntityDefinitions(LogicalName='task')/Attributes",
            """{"@odata.type":"Microsoft.Dynamics.CRM.StringAttributeMetadata","SchemaName":"cs_stepkey","MaxLength":100,"DisplayName":{"LocalizedLabels":[{"Label":"Step key","LanguageCode":1033}]}}""");
        using var key = await Send(http, HttpMethod.Post, "EntityDefinitions(LogicalName='task')/Keys",
            """{"SchemaName":"cs_task_stepkey","DisplayName":{"LocalizedLabels":[{"Label":"Step key","LanguageCode":1033}]},"KeyAttributes":["cs_stepkey"]}""");
        Assert.Equal(HttpStatusCode.NoContent, key.StatusCode);

        using var early = await Send(http, HttpMethod.Patch, "tasks(cs_stepkey='k')", """{"subject":"x"}""");
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Equal(ErrorCodes.KeyNotActive, ErrorCode(await ReadJson(early)));

        string Status(System.Text.Json.JsonElement keys) => keys.GetProperty("value")[0].GetProperty("EntityKeyIndexStatus").GetString()!;
        using var read1 = await http.GetAsync("EntityDefinitions(LogicalName='task')/Keys?$select=LogicalName,EntityKeyIndexStatus");
        using var read2 = await http.GetAsync("EntityDefinitions(LogicalName='task')/Keys?$select=LogicalName,EntityKeyIndexStatus");
        using var read3 = await http.GetAsync("EntityDefinitions(LogicalName='task')/Keys?$select=LogicalName,EntityKeyIndexStatus");
        Assert.Equal(["Pending", "Pending", "Active"], [Status(await ReadJson(read1)), Status(await ReadJson(read2)), Status(await ReadJson(read3))]);

        using var later = await Send(http, HttpMethod.Patch, "tasks(cs_stepkey='k')", """{"subject":"x"}""");
        Assert.Equal(HttpStatusCode.NoContent, later.StatusCode);
    }

    [Fact]
    public async Task Binding_a_lookup_to_a_missing_row_fails_with_not_found()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        using var response = await Send(http, HttpMethod.Post, "cs_subscriptions",
            $$"""{"cs_name":"x","cs_AccountId@odata.bind":"/accounts({{Guid.NewGuid()}})"}""");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.ObjectDoesNotExist, ErrorCode(await ReadJson(response)));
    }

    [Fact]
    public async Task Upsert_multiple_writes_every_target_or_none()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var ok = """{"Targets":[{"@odata.type":"Microsoft.Dynamics.CRM.task","@odata.id":"tasks(cs_stepkey='a')","subject":"A"},{"@odata.type":"Microsoft.Dynamics.CRM.task","@odata.id":"tasks(cs_stepkey='b')","subject":"B"}]}""";
        using var first = await Send(http, HttpMethod.Post, "tasks/Microsoft.Dynamics.CRM.UpsertMultiple", ok);
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(2, dv.Count("task"));

        var oneBad = """{"Targets":[{"@odata.type":"Microsoft.Dynamics.CRM.task","@odata.id":"tasks(cs_stepkey='c')","subject":"C"},{"@odata.type":"Microsoft.Dynamics.CRM.task","@odata.id":"tasks(cs_stepkey='d')","nosuch":"D"}]}""";
        using var second = await Send(http, HttpMethod.Post, "tasks/Microsoft.Dynamics.CRM.UpsertMultiple", oneBad);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal(2, dv.Count("task"));
    }
}
