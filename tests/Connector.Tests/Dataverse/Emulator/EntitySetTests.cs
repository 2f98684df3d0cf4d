using System.Net;
using System.Text.Json;
using CrmSuite.DataverseEmulator.Http;
using static CrmSuite.Connector.Tests.Dataverse.Emulator.EmulatorHttp;

namespace CrmSuite.Connector.Tests.Dataverse.Emulator;

public sealed class EntitySetTests
{
    [Fact]
    public async Task A_created_account_reads_back_with_its_selected_columns_etag_and_owner_lookup_value()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var owner = dv.Seed("systemuser", new Dictionary<string, object?> { ["fullname"] = "Ann CSM" });

        using var created = await Send(http, HttpMethod.Post, "accounts",
            $$"""{"name":"Contoso","cs_segment":"smb","ownerid@odata.bind":"/systemusers({{owner}})"}""");
        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        var entityId = created.Headers.GetValues("OData-EntityId").Single();
        Assert.StartsWith($"{dv.ServiceRoot}accounts(", entityId, StringComparison.Ordinal);

        using var read = await http.GetAsync(entityId + "?$select=name,cs_segment,_ownerid_value");
        var row = await ReadJson(read);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Contoso", row.GetProperty("name").GetString());
        Assert.Equal("smb", row.GetProperty("cs_segment").GetString());
        Assert.Equal(owner.ToString(), row.GetProperty("_ownerid_value").GetString());
        Assert.StartsWith("W/\"", row.GetProperty("@odata.etag").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("$metadata#accounts(name,cs_segment,_ownerid_value)/$entity", row.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prefer_return_representation_answers_201_with_the_row()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        using var created = await Send(http, HttpMethod.Post, "accounts?$select=name", """{"name":"Fabrikam"}""", ("Prefer", "return=representation"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Fabrikam", (await ReadJson(created)).GetProperty("name").GetString());
        Assert.Equal("return=representation", created.Headers.GetValues("Preference-Applied").Single());
    }

    [Theory]
    [InlineData("accounts?$select=nosuchcolumn", HttpStatusCode.BadRequest)]
    [InlineData("accounts?$filter=nosuchcolumn eq 1", HttpStatusCode.BadRequest)]
    [InlineData("nosuchset", HttpStatusCode.NotFound)]
    [InlineData("accounts(not-a-guid)", HttpStatusCode.BadRequest)]
    [InlineData("accounts?$skip=10", HttpStatusCode.BadRequest)]
    [InlineData("systemusers(systemuserid=a5c7f0f4-0000-4000-8000-000000000001)", HttpStatusCode.BadRequest)]
    public async Task What_the_service_rejects_answers_a_dataverse_error_body(string url, HttpStatusCode expected)
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        using var response = await http.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        var code = ErrorCode(await ReadJson(response));
        Assert.Matches("^0x[0-9a-f]{8}$", code);
    }

    [Fact]
    public async Task A_user_is_addressed_by_its_bare_id()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        using var response = await http.GetAsync($"systemusers({dv.Options.ApplicationUserId})?$select=fullname");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Requests_without_the_odata_headers_or_the_token_are_rejected()
    {
        await using var dv = await StartWithSchemaAsync();
        using var bare = new HttpClient { BaseAddress = dv.ServiceRoot };
        using var unauthorized = await bare.GetAsync("accounts");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Contains("authorization_uri=", unauthorized.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        bare.DefaultRequestHeaders.Authorization = new("Bearer", dv.Options.AccessToken);
        bare.DefaultRequestHeaders.Accept.Add(new("application/json"));
        using var noOData = await bare.GetAsync("accounts");
        Assert.Equal(HttpStatusCode.BadRequest, noOData.StatusCode);
        Assert.Contains("OData-MaxVersion", (await ReadJson(noOData)).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filter_supports_comparisons_and_or_null_guids_dates_and_In()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var owner = dv.Seed("systemuser", new Dictionary<string, object?> { ["fullname"] = "Owner" });
        dv.Seed("account", new Dictionary<string, object?> { ["name"] = "A", ["cs_segment"] = "smb", ["ownerid"] = new CrmSuite.DataverseEmulator.Store.EntityReference("systemuser", owner) });
        dv.Seed("account", new Dictionary<string, object?> { ["name"] = "B", ["cs_segment"] = "enterprise" });
        dv.Seed("account", new Dictionary<string, object?> { ["name"] = "C" });

        async Task<string[]> Names(string filter)
        {
            using var response = await http.GetAsync($"accounts?$select=name&$orderby=name&$filter={Uri.EscapeDataString(filter)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await ReadJson(response)).GetProperty("value").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToArray();
        }

        Assert.Equal(["A"], await Names("cs_segment eq 'SMB'"));
        Assert.Equal(["C"], await Names("cs_segment eq null"));
        Assert.Equal(["A", "B"], await Names("cs_segment ne null"));
        Assert.Equal(["A"], await Names($"_ownerid_value eq {owner}"));
        Assert.Equal(["B", "C"], await Names("name gt 'A' and (cs_segment eq 'enterprise' or cs_segment eq null)"));
        Assert.Equal(["A", "C"], await Names("Microsoft.Dynamics.CRM.In(PropertyName='name',PropertyValues=['A','C'])"));
        Assert.Equal(["A", "B", "C"], await Names("modifiedon ge 2000-01-01T00:00:00Z"));
    }

    [Fact]
    public async Task A_too_long_string_is_a_validation_error()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        using var response = await Send(http, HttpMethod.Post, "accounts", JsonSerializer.Serialize(new { name = new string('x', 161) }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.ValidationError, ErrorCode(await ReadJson(response)));
    }

    [Fact]
    public async Task An_unknown_property_in_a_payload_is_rejected_and_nothing_is_stored()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        using var response = await Send(http, HttpMethod.Post, "accounts", """{"name":"X","nosuch":1}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, dv.Count("account"));
    }

    [Fact]
    public async Task Delete_removes_the_row_and_a_second_delete_is_not_found()
    {
        await using var dv = await StartWithSchemaAsync();
        using var http = Client(dv);
        var id = dv.Seed("account", new Dictionary<string, object?> { ["name"] = "Gone" });
        using var first = await http.DeleteAsync($"accounts({id})");
        using var second = await http.DeleteAsync($"accounts({id})");
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal(ErrorCodes.ObjectDoesNotExist, ErrorCode(await ReadJson(second)));
    }
}
