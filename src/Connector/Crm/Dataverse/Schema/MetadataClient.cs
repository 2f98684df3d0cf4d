using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSuite.Connector.Crm.Dataverse.Connection;

namespace CrmSuite.Connector.Crm.Dataverse.Schema;

/// <summary>
/// The metadata endpoints deploy-schema and check use, over the Dataverse HttpClient (section 11 of the Web API facts):
/// <c>EntityDefinitions</c> with its <c>Attributes</c> and <c>Keys</c>, <c>RelationshipDefinitions</c>, <c>PublishXml</c>,
/// the solution and its publisher, <c>WhoAmI</c> and <c>RetrieveUserPrivileges</c>.
/// Every refusal surfaces as a <see cref="DataverseException"/> with the Dataverse error code.
/// </summary>
internal sealed class MetadataClient(IHttpClientFactory httpClients)
{
    private HttpClient Http => httpClients.CreateClient(DataverseHttp.ClientName);

    /// <summary>The table, or null when the organisation has no table of that name.</summary>
    public async Task<TableState?> ReadTableAsync(string logicalName, CancellationToken cancellationToken)
    {
        var definition = $"EntityDefinitions(LogicalName='{logicalName}')";
        using var table = await GetJsonAsync($"{definition}?$select=LogicalName,MetadataId,ChangeTrackingEnabled", cancellationToken, absentIsNull: true);
        if (table is null)
        {
            return null;
        }

        using var attributes = await GetJsonAsync($"{definition}/Attributes?$select=LogicalName,AttributeType", cancellationToken);
        using var keys = await GetJsonAsync($"{definition}/Keys?$select=LogicalName,KeyAttributes,EntityKeyIndexStatus", cancellationToken);
        var root = table.RootElement;
        return new TableState(
            logicalName,
            root.TryGetProperty("MetadataId", out var id) ? id.GetString() : null,
            root.TryGetProperty("ChangeTrackingEnabled", out var tracking) && tracking.ValueKind == JsonValueKind.True,
            attributes!.RootElement.GetProperty("value").EnumerateArray()
                .ToImmutableDictionary(a => a.GetProperty("LogicalName").GetString()!, a => a.GetProperty("AttributeType").GetString() ?? "", StringComparer.Ordinal),
            [.. keys!.RootElement.GetProperty("value").EnumerateArray().Select(k => new KeyState(
                k.GetProperty("LogicalName").GetString()!,
                [.. k.GetProperty("KeyAttributes").EnumerateArray().Select(c => c.GetString()!)],
                k.GetProperty("EntityKeyIndexStatus").GetString() ?? ""))]);
    }

    public Task CreateTableAsync(TableDefinition table, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "EntityDefinitions", MetadataPayloads.Table(table), cancellationToken);

    public Task CreateColumnAsync(TableDefinition table, ColumnDefinition column, CancellationToken cancellationToken) =>
        column.Kind == ColumnKind.Lookup
            ? SendAsync(HttpMethod.Post, "RelationshipDefinitions", MetadataPayloads.Lookup(table, column), cancellationToken)
            : SendAsync(HttpMethod.Post, $"EntityDefinitions(LogicalName='{table.LogicalName}')/Attributes", MetadataPayloads.Column(column), cancellationToken);

    public Task CreateKeyAsync(TableDefinition table, KeyDefinition key, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"EntityDefinitions(LogicalName='{table.LogicalName}')/Keys", MetadataPayloads.Key(key), cancellationToken);

    /// <summary>
    /// Turns change tracking on. A table definition is updated only whole (PUT, never PATCH): the current definition is
    /// read, changed in that one property and sent back, labels merged.
    /// </summary>
    public async Task EnableChangeTrackingAsync(TableDefinition table, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync($"EntityDefinitions(LogicalName='{table.LogicalName}')", cancellationToken);
        await DataverseException.ThrowIfFailedAsync(response, cancellationToken);
        var definition = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
        definition.Remove("@odata.context");
        definition["ChangeTrackingEnabled"] = true;
        var id = definition["MetadataId"]?.GetValue<string>() ?? throw new InvalidDataException($"The definition of {table.LogicalName} has no MetadataId.");
        await SendAsync(HttpMethod.Put, $"EntityDefinitions({id})", definition, cancellationToken, ("MSCRM.MergeLabels", "true"));
    }

    /// <summary>Publishes the changed tables, so the apps show their new columns (PublishXml).</summary>
    public Task PublishAsync(IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        var entities = string.Concat(tables.Select(t => $"<entity>{t}</entity>"));
        return SendAsync(HttpMethod.Post, "PublishXml", new JsonObject { ["ParameterXml"] = $"<importexportxml><entities>{entities}</entities></importexportxml>" },
            cancellationToken, solution: false);
    }

    /// <summary>Creates the CrmSuite publisher (prefix cs) and solution when the organisation lacks them; true when it created one.</summary>
    public async Task<bool> EnsureSolutionAsync(CancellationToken cancellationToken)
    {
        if (await FirstIdAsync($"solutions?$select=solutionid&$filter=uniquename eq '{CrmSuiteSchema.Solution}'", "solutionid", cancellationToken) is not null)
        {
            return false;
        }

        var publisher = await FirstIdAsync($"publishers?$select=publisherid&$filter=uniquename eq '{CrmSuiteSchema.Publisher}'", "publisherid", cancellationToken);
        if (publisher is null)
        {
            await SendAsync(HttpMethod.Post, "publishers", new JsonObject
            {
                ["uniquename"] = CrmSuiteSchema.Publisher,
                ["friendlyname"] = "CrmSuite",
                ["customizationprefix"] = CrmSuiteSchema.Prefix,
                ["customizationoptionvalueprefix"] = 27_270,
            }, cancellationToken, solution: false);
            publisher = await FirstIdAsync($"publishers?$select=publisherid&$filter=uniquename eq '{CrmSuiteSchema.Publisher}'", "publisherid", cancellationToken)
                ?? throw new InvalidDataException("The CrmSuite publisher was created but cannot be read back.");
        }

        await SendAsync(HttpMethod.Post, "solutions", new JsonObject
        {
            ["uniquename"] = CrmSuiteSchema.Solution,
            ["friendlyname"] = "CrmSuite",
            ["version"] = "1.0.0.0",
            ["publisherid@odata.bind"] = $"/publishers({publisher})",
        }, cancellationToken, solution: false);
        return true;
    }

    /// <summary>The application user the token signs in as (<c>WhoAmI</c>).</summary>
    public async Task<Guid> WhoAmIAsync(CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync("WhoAmI", cancellationToken);
        await DataverseException.ThrowIfFailedAsync(response, cancellationToken);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return answer.GetProperty("UserId").GetGuid();
    }

    /// <summary>The names of the privileges the user's roles grant, at any depth (<c>RetrieveUserPrivileges</c>).</summary>
    public async Task<IReadOnlySet<string>> PrivilegesAsync(Guid user, CancellationToken cancellationToken)
    {
        using var answer = await GetJsonAsync($"systemusers({user:D})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()", cancellationToken);
        return answer!.RootElement.GetProperty("RolePrivileges").EnumerateArray()
            .Select(p => p.GetProperty("PrivilegeName").GetString()!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private async Task<JsonDocument?> GetJsonAsync(string uri, CancellationToken cancellationToken, bool absentIsNull = false)
    {
        using var response = await Http.GetAsync(uri, cancellationToken);
        if (absentIsNull && response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await DataverseException.ThrowIfFailedAsync(response, cancellationToken);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private async Task<string?> FirstIdAsync(string uri, string column, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(uri, cancellationToken);
        await DataverseException.ThrowIfFailedAsync(response, cancellationToken);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return answer.GetProperty("value").EnumerateArray().Select(r => r.GetProperty(column).GetString()).FirstOrDefault();
    }

    private async Task SendAsync(
        HttpMethod method, string uri, JsonObject body, CancellationToken cancellationToken, (string Name, string Value)? header = null, bool solution = true)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = JsonContent.Create(body) };
        if (solution)
        {
            request.Headers.Add("MSCRM.SolutionUniqueName", CrmSuiteSchema.Solution);
        }

        if (header is { } extra)
        {
            request.Headers.Add(extra.Name, extra.Value);
        }

        using var response = await Http.SendAsync(request, cancellationToken);
        await DataverseException.ThrowIfFailedAsync(response, cancellationToken);
    }
}
