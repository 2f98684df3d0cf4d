using System.Net;
using CrmSuite.DataverseEmulator.Faults;
using CrmSuite.DataverseEmulator.Http;
using static CrmSuite.Connector.Tests.Dataverse.Emulator.EmulatorHttp;

namespace CrmSuite.Connector.Tests.Dataverse.Emulator;

public sealed class FaultAndMetadataTests
{
    [Fact]
    public async Task Throttling_answers_429_with_retry_after_and_the_documented_code_then_recovers()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        dv.Faults.ThrottleNext(2, TimeSpan.FromSeconds(3), ThrottleLimit.Concurrency);
        using var first = await http.GetAsync("accounts");
        using var second = await http.GetAsync("accounts");
        using var third = await http.GetAsync("accounts");
        Assert.Equal((HttpStatusCode)429, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), first.Headers.RetryAfter!.Delta);
        Assert.Equal(ErrorCodes.ThrottledConcurrency, ErrorCode(await ReadJson(first)));
        Assert.Equal((HttpStatusCode)429, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal([429, 429, 200], dv.Requests.TakeLast(3).Select(r => r.Status));
    }

    [Fact]
    public async Task Server_errors_and_the_dop_hint_are_injected()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        dv.Faults.FailNext(1);
        dv.Faults.DegreeOfParallelismHint = 4;
        using var failed = await http.GetAsync("accounts");
        using var ok = await http.GetAsync("accounts");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("4", ok.Headers.GetValues("x-ms-dop-hint").Single());
    }

    [Fact]
    public async Task Who_am_i_names_the_application_user()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        using var response = await http.GetAsync("WhoAmI");
        Assert.Equal(dv.Options.ApplicationUserId.ToString(), (await ReadJson(response)).GetProperty("UserId").GetString());
    }

    [Fact]
    public async Task A_revoked_privilege_answers_403_naming_it_and_is_missing_from_the_user_privileges()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        dv.RevokePrivilege("prvWriteActivity");
        dv.Seed("task", new Dictionary<string, object?> { ["cs_stepkey"] = "k", ["subject"] = "s" });
        using var denied = await Send(http, HttpMethod.Patch, "tasks(cs_stepkey='k')", """{"subject":"t"}""");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("prvWriteActivity", (await ReadJson(denied)).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

        using var privileges = await http.GetAsync($"systemusers({dv.Options.ApplicationUserId})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges");
        var names = (await ReadJson(privileges)).GetProperty("RolePrivileges").EnumerateArray().Select(p => p.GetProperty("PrivilegeName").GetString()).ToList();
        Assert.Contains("prvReadAccount", names);
        Assert.DoesNotContain("prvWriteActivity", names);
    }

    [Fact]
    public async Task Entity_definitions_report_change_tracking_and_entity_set_of_the_deployed_schema()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        using var response = await http.GetAsync("EntityDefinitions(LogicalName='cs_subscription')?$select=ChangeTrackingEnabled,EntitySetName");
        var table = await ReadJson(response);
        Assert.True(table.GetProperty("ChangeTrackingEnabled").GetBoolean());
        Assert.Equal("cs_subscriptions", table.GetProperty("EntitySetName").GetString());
        Assert.False(table.TryGetProperty("SchemaName", out _));

        using var attribute = await http.GetAsync("EntityDefinitions(LogicalName='cs_subscription')/Attributes(LogicalName='cs_startdate')");
        var startDate = await ReadJson(attribute);
        Assert.Equal("DateOnly", startDate.GetProperty("Format").GetString());

        using var unknown = await http.GetAsync("EntityDefinitions(LogicalName='cs_subscription')?$select=NoSuchProperty");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task Creating_a_table_or_column_twice_is_rejected()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        using var column = await Send(http, HttpMethod.Post, "EntityDefinitions(LogicalName='task')/Attributes",
            """{"@odata.type":"Microsoft.Dynamics.CRM.StringAttributeMetadata","SchemaName":"cs_stepkey","MaxLength":100,"DisplayName":{"LocalizedLabels":[{"Label":"x","LanguageCode":1033}]}}""");
        Assert.Equal(HttpStatusCode.BadRequest, column.StatusCode);
        Assert.Equal(ErrorCodes.DuplicateMetadata, ErrorCode(await ReadJson(column)));
    }

    [Fact]
    public async Task The_metadata_document_declares_the_alternate_keys_and_custom_lookups()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        using var request = new HttpRequestMessage(HttpMethod.Get, "$metadata");
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new("application/xml"));
        using var response = await http.SendAsync(request);
        var csdl = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("OData.Community.Keys.V1.AlternateKeys", csdl, StringComparison.Ordinal);
        Assert.Contains("Name=\"_cs_accountid_value\"", csdl, StringComparison.Ordinal);
        Assert.Contains("NavigationProperty Name=\"cs_AccountId\"", csdl, StringComparison.Ordinal);
        Assert.Contains("Org.OData.Capabilities.V1.ChangeTracking", csdl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_lookup_binds_through_its_schema_name_navigation_property()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var account = dv.Seed("account", new Dictionary<string, object?> { ["name"] = "A" });
        using var response = await Send(http, HttpMethod.Patch, "cs_usages(_cs_accountid_value=" + account + ")",
            $$"""{"cs_asof":"2026-01-31","cs_health":80,"cs_featureadoption":0.8512,"cs_AccountId@odata.bind":"/accounts({{account}})"}""");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var usage = Assert.Single(dv.Rows("cs_usage"));
        Assert.Equal(new DateOnly(2026, 1, 31), usage["cs_asof"]);
        Assert.Equal(0.8512m, usage["cs_featureadoption"]);
    }
}
