using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSuite.Connector.Crm.Dataverse.Connection;

namespace CrmSuite.Connector.Crm.Dataverse.Registration;

/// <summary>
/// The Web API reads and writes register-plugins makes (register-web-hook.md): <c>sdkmessages</c> and
/// <c>sdkmessagefilters</c> to find a message on a table, <c>serviceendpoints</c>, <c>sdkmessageprocessingsteps</c> and
/// <c>sdkmessageprocessingstepimages</c> to read and write the registration, <c>EntityDefinitions</c> to say what is missing.
/// </summary>
internal sealed class RegistrationClient(IHttpClientFactory httpClients)
{
    private HttpClient Http => httpClients.CreateClient(DataverseHttp.ClientName);

    public async Task<IReadOnlyList<JsonElement>> RowsAsync(string uri, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(uri, cancellationToken);
        await DataverseException.ThrowIfFailedAsync(response, cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return [.. json.RootElement.GetProperty("value").EnumerateArray().Select(r => r.Clone())];
    }

    /// <summary>The logical names of a table's columns, or null when the organisation has no such table.</summary>
    public async Task<IReadOnlySet<string>?> ColumnsAsync(string table, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync($"EntityDefinitions(LogicalName='{table}')/Attributes?$select=LogicalName", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await DataverseException.ThrowIfFailedAsync(response, cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.GetProperty("value").EnumerateArray().Select(a => a.GetProperty("LogicalName").GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Creates a row; returns its id (from <c>OData-EntityId</c>).</summary>
    public async Task<Guid> CreateAsync(string entitySet, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsJsonAsync(entitySet, body, cancellationToken);
        await DataverseException.ThrowIfFailedAsync(response, cancellationToken);
        var location = response.Headers.TryGetValues("OData-EntityId", out var values) ? values.First() : "";
        var open = location.LastIndexOf('(');
        return open >= 0 && Guid.TryParse(location[(open + 1)..^1], out var id)
            ? id
            : throw new InvalidDataException($"Dataverse created a row of {entitySet} but did not say its id (OData-EntityId '{location}').");
    }

    public async Task UpdateAsync(string entitySet, Guid id, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{entitySet}({id:D})") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        using var response = await Http.SendAsync(request, cancellationToken);
        await DataverseException.ThrowIfFailedAsync(response, cancellationToken);
    }

    public async Task DeleteAsync(string entitySet, Guid id, CancellationToken cancellationToken)
    {
        using var response = await Http.DeleteAsync($"{entitySet}({id:D})", cancellationToken);
        await DataverseException.ThrowIfFailedAsync(response, cancellationToken);
    }
}
