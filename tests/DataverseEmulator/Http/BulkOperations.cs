using System.Text.Json;
using CrmSuite.DataverseEmulator.Store;

namespace CrmSuite.DataverseEmulator.Http;

/// <summary>
/// CreateMultiple, UpdateMultiple and UpsertMultiple on standard and custom tables: every item of Targets carries
/// @odata.type; UpsertMultiple items name their row with @odata.id (an alternate key) or the primary key. On these
/// (non-elastic) tables one failing item fails the whole call and nothing is written.
/// </summary>
internal sealed class BulkOperations(EmulatorContext context, Func<string, EntityReference> resolveBind)
{
    public EmulatorResponse Handle(EmulatorRequest request, TableData table, string action)
    {
        using var document = ParseBody(request);
        if (!document.RootElement.TryGetProperty("Targets", out var targets) || targets.ValueKind != JsonValueKind.Array)
        {
            throw new DataverseException(400, ErrorCodes.PayloadError, $"{action} needs a Targets array.");
        }
        var ids = context.Store.Atomically(() => targets.EnumerateArray().Select(item => Apply(table, action, item)).ToList(), _ => true);
        if (action == "CreateMultiple")
        {
            return EmulatorResponse.Json(200, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
            {
                ["@odata.context"] = $"{context.ServiceRoot}$metadata#Microsoft.Dynamics.CRM.CreateMultipleResponse",
                ["Ids"] = ids,
            }));
        }
        return new EmulatorResponse(204);
    }

    private Guid Apply(TableData table, string action, JsonElement item)
    {
        var type = item.TryGetProperty("@odata.type", out var t) ? t.GetString() : null;
        if (type is null)
        {
            throw new DataverseException(400, ErrorCodes.PayloadError, $"Every item of Targets must carry \"@odata.type\": \"Microsoft.Dynamics.CRM.{table.Definition.LogicalName}\".");
        }
        var odataId = item.TryGetProperty("@odata.id", out var idProperty) ? idProperty.GetString() : null;
        if (context.Faults.BatchItem(odataId ?? item.GetRawText()) is { } injected)
        {
            throw injected;
        }
        var values = PayloadReader.Read(table.Definition, item, resolveBind);
        var primary = values.Remove(table.Definition.PrimaryIdAttribute, out var given) && given is Guid g ? g : (Guid?)null;
        switch (action)
        {
            case "CreateMultiple":
                context.RequirePrivilege("Create", table);
                return context.Store.Insert(table, primary ?? Guid.NewGuid(), values).Id;
            case "UpdateMultiple":
                context.RequirePrivilege("Write", table);
                var existing = Address(table, odataId, primary).Find() ?? throw Address(table, odataId, primary).NotFound();
                return context.Store.Update(table, existing, values).Id;
            default:
                var address = Address(table, odataId, primary);
                if (address.Find() is { } row)
                {
                    context.RequirePrivilege("Write", table);
                    return context.Store.Update(table, row, values).Id;
                }
                context.RequirePrivilege("Create", table);
                if (address.Key is { } key)
                {
                    for (var i = 0; i < key.KeyAttributes.Count; i++)
                    {
                        values[key.KeyAttributes[i]] = address.KeyValues[i];
                    }
                }
                return context.Store.Insert(table, address.Id ?? Guid.NewGuid(), values).Id;
        }
    }

    private RowAddress Address(TableData table, string? odataId, Guid? primary)
    {
        if (odataId is null)
        {
            return primary is Guid id ? new RowAddress(table, id, null, [])
                : throw new DataverseException(400, ErrorCodes.PayloadError, $"Each item needs @odata.id (such as {table.Definition.EntitySetName}(key='value')) or {table.Definition.PrimaryIdAttribute}.");
        }
        var url = Uri.TryCreate(odataId, UriKind.Absolute, out var absolute) ? absolute : new Uri(context.ServiceRoot, odataId.TrimStart('/'));
        var path = context.ParsePath(context.Parser(url)).ToList();
        if (path is not [Microsoft.OData.UriParser.EntitySetSegment set, Microsoft.OData.UriParser.KeySegment key] || set.EntitySet.Name != table.Definition.EntitySetName)
        {
            throw new DataverseException(400, ErrorCodes.PayloadError, $"The @odata.id '{odataId}' does not address a row of {table.Definition.EntitySetName}.");
        }
        return KeyResolver.Resolve(table, key, url.OriginalString);
    }

    private static JsonDocument ParseBody(EmulatorRequest request)
    {
        try
        {
            return JsonDocument.Parse(request.Body);
        }
        catch (JsonException e)
        {
            throw new DataverseException(400, ErrorCodes.PayloadError, $"The payload is not valid JSON: {e.Message}");
        }
    }
}
