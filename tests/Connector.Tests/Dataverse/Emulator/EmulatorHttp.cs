using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CrmSuite.DataverseEmulator;

namespace CrmSuite.Connector.Tests.Dataverse.Emulator;

/// <summary>An HttpClient that sends what the Web API requires (bearer token, OData headers, Accept json).</summary>
internal static class EmulatorHttp
{
    public static HttpClient Client(DataverseEmulator.DataverseEmulator dv)
    {
        var http = new HttpClient { BaseAddress = dv.ServiceRoot };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", dv.Options.AccessToken);
        http.DefaultRequestHeaders.Add("OData-MaxVersion", "4.0");
        http.DefaultRequestHeaders.Add("OData-Version", "4.0");
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    public static async Task<DataverseEmulator.DataverseEmulator> StartWithSchemaAsync(EmulatorOptions? options = null)
    {
        var dv = await DataverseEmulator.DataverseEmulator.StartAsync(options);
        await CrmSuiteSchema.DeployAsync(dv);
        return dv;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadJson(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string url, string? json = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = Json(json);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await http.SendAsync(request);
    }

    public static string ErrorCode(JsonElement body) => body.GetProperty("error").GetProperty("code").GetString()!;
}
