using System.Text.Json;
using System.Text.RegularExpressions;
using CrmSuite.DataverseEmulator.Http;
using CrmSuite.DataverseEmulator.Schema;
using CrmSuite.DataverseEmulator.Store;

namespace CrmSuite.DataverseEmulator.Metadata;

/// <summary>
/// The table-definition endpoints deploy-schema uses: EntityDefinitions (GET, POST, PUT), their Attributes and Keys
/// (GET, POST) and RelationshipDefinitions (POST, for lookups). Paths are matched on their documented shapes.
/// </summary>
internal sealed partial class MetadataEndpoints(EmulatorContext context)
{
    [GeneratedRegex(@"^EntityDefinitions(?:\((?:LogicalName='(?<table>[^']*)'|(?<tableId>[0-9a-fA-F-]{36}))\))?(?:/(?<part>Attributes|Keys)(?:\((?:LogicalName='(?<item>[^']*)'|(?<itemId>[0-9a-fA-F-]{36}))\))?)?$")]
    private static partial Regex EntityPath();

    public EmulatorResponse Handle(EmulatorRequest request, string relative)
    {
        if (relative == "RelationshipDefinitions" && request.Method == "POST")
        {
            return new MetadataWrites(context).CreateRelationship(Body(request));
        }
        var match = EntityPath().Match(relative);
        if (!match.Success)
        {
            throw new DataverseException(404, ErrorCodes.QueryError, $"Resource not found for the segment '{relative}'.");
        }
        var writes = new MetadataWrites(context);
        if (!match.Groups["table"].Success && !match.Groups["tableId"].Success)
        {
            return request.Method switch
            {
                "POST" => writes.CreateTable(Body(request)),
                "GET" => AnswerMany("EntityDefinitions", TablesNamed(request.Url).Select(t => MetadataJson.Table(t.Definition)), Select(request.Url)),
                _ => throw new DataverseException(405, ErrorCodes.QueryError, $"The HTTP method {request.Method} is not supported on EntityDefinitions."),
            };
        }
        var table = FindTable(match.Groups["table"].Success ? match.Groups["table"].Value : null, match.Groups["tableId"].Success ? Guid.Parse(match.Groups["tableId"].Value) : null);
        var select = Select(request.Url);
        switch (match.Groups["part"].Value, request.Method)
        {
            case ("", "GET"):
                return Answer($"EntityDefinitions({Quote(table)})", MetadataJson.Table(table.Definition), select);
            case ("", "PUT"):
                return writes.UpdateTable(table, Body(request));
            case ("Attributes", "GET") when match.Groups["item"].Success:
                var column = table.Definition.Column(match.Groups["item"].Value)
                    ?? throw new DataverseException(404, ErrorCodes.ObjectDoesNotExist, $"Could not find attribute {match.Groups["item"].Value} on {table.Definition.LogicalName}.");
                return Answer($"EntityDefinitions({Quote(table)})/Attributes/$entity", MetadataJson.Column(column), select);
            case ("Attributes", "GET"):
                return AnswerMany($"EntityDefinitions({Quote(table)})/Attributes", table.Definition.Columns.Select(MetadataJson.Column), select);
            case ("Attributes", "POST"):
                return writes.CreateColumn(table, Body(request));
            case ("Keys", "GET"):
                var keys = table.Definition.Keys.Where(k => !match.Groups["item"].Success || k.LogicalName == match.Groups["item"].Value).ToList();
                var answer = AnswerMany($"EntityDefinitions({Quote(table)})/Keys", keys.Select(k => MetadataJson.Key(table.Definition, k)), select);
                keys.ForEach(k => writes.CountKeyRead(table, k));
                return answer;
            case ("Keys", "POST"):
                return writes.CreateKey(table, Body(request));
            default:
                throw new DataverseException(405, ErrorCodes.QueryError, $"The HTTP method {request.Method} is not supported on {relative} by the emulator.");
        }
    }

    private TableData FindTable(string? logicalName, Guid? metadataId)
    {
        var table = logicalName is not null
            ? context.Store.ByLogicalName(logicalName)
            : context.Store.Tables.FirstOrDefault(t => t.Definition.MetadataId == metadataId);
        return table ?? throw new DataverseException(404, ErrorCodes.ObjectDoesNotExist, $"Could not find an entity with name '{logicalName ?? metadataId.ToString()}'.");
    }

    /// <summary>
    /// The tables a collection read of EntityDefinitions names: every table, or those of a <c>$filter</c> of
    /// <c>LogicalName eq '…'</c> terms joined by <c>or</c> (the only filter the emulator reads; metadata is not paged).
    /// </summary>
    private IEnumerable<TableData> TablesNamed(Uri url)
    {
        var raw = url.Query.TrimStart('?').Split('&').Select(Uri.UnescapeDataString).FirstOrDefault(p => p.StartsWith("$filter=", StringComparison.Ordinal));
        if (raw is null)
        {
            return context.Store.Tables;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in raw["$filter=".Length..].Split(" or ", StringSplitOptions.TrimEntries))
        {
            var match = LogicalNameEquals().Match(term);
            if (!match.Success)
            {
                throw new DataverseException(400, ErrorCodes.QueryError,
                    $"The emulator filters EntityDefinitions by LogicalName eq '…' terms joined by or only; it cannot read '{term}'.");
            }
            names.Add(match.Groups["name"].Value);
        }
        return context.Store.Tables.Where(t => names.Contains(t.Definition.LogicalName));
    }

    [GeneratedRegex(@"^\(?LogicalName eq '(?<name>[a-z0-9_]+)'\)?$")]
    private static partial Regex LogicalNameEquals();

    private static string Quote(TableData table) => $"'{table.Definition.LogicalName}'";

    private EmulatorResponse Answer(string contextPath, Dictionary<string, object?> item, HashSet<string>? select)
    {
        var body = Project(item, select);
        body.Insert(0, new("@odata.context", $"{context.ServiceRoot}$metadata#{contextPath}"));
        return EmulatorResponse.Json(200, JsonSerializer.SerializeToUtf8Bytes(body.ToDictionary(p => p.Key, p => p.Value)));
    }

    private EmulatorResponse AnswerMany(string contextPath, IEnumerable<Dictionary<string, object?>> items, HashSet<string>? select) =>
        EmulatorResponse.Json(200, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["@odata.context"] = $"{context.ServiceRoot}$metadata#{contextPath}",
            ["value"] = items.Select(i => Project(i, select).ToDictionary(p => p.Key, p => p.Value)).ToList(),
        }));

    private static List<KeyValuePair<string, object?>> Project(Dictionary<string, object?> item, HashSet<string>? select)
    {
        if (select is null)
        {
            return item.ToList();
        }
        foreach (var name in select.Where(n => !item.ContainsKey(n)))
        {
            throw new DataverseException(400, ErrorCodes.QueryError, $"Could not find a property named '{name}' on type 'Microsoft.Dynamics.CRM.{(item.ContainsKey("KeyAttributes") ? "EntityKeyMetadata" : item.ContainsKey("AttributeType") ? "AttributeMetadata" : "EntityMetadata")}'.");
        }
        return item.Where(p => select.Contains(p.Key) || p.Key is "MetadataId" or "@odata.type").ToList();
    }

    private static HashSet<string>? Select(Uri url)
    {
        var raw = url.Query.TrimStart('?').Split('&').FirstOrDefault(p => Uri.UnescapeDataString(p).StartsWith("$select=", StringComparison.Ordinal));
        return raw is null ? null : Uri.UnescapeDataString(raw)["$select=".Length..].Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
    }

    private static JsonElement Body(EmulatorRequest request)
    {
        try
        {
            using var document = JsonDocument.Parse(request.Body);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new DataverseException(400, ErrorCodes.PayloadError, $"The payload is not valid JSON: {e.Message}");
        }
    }
}
