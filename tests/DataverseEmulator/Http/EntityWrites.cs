using System.Text.Json;
using CrmSuite.DataverseEmulator.Store;
using Microsoft.OData.UriParser;

namespace CrmSuite.DataverseEmulator.Http;

/// <summary>POST (create), PATCH (update or upsert, with If-Match / If-None-Match) and DELETE on rows.</summary>
internal sealed class EntityWrites(EmulatorContext context, EntityReads reads, Func<string, EntityReference> resolveBind)
{
    public EmulatorResponse Create(EmulatorRequest request, TableData table, ODataUriParser parser)
    {
        context.RequirePrivilege("Create", table);
        var values = ReadBody(request, table);
        var id = values.Remove(table.Definition.PrimaryIdAttribute, out var given) && given is Guid g ? g : Guid.NewGuid();
        var row = context.Store.Insert(table, id, values);
        return Written(request, table, row, parser, created: true);
    }

    public EmulatorResponse Upsert(EmulatorRequest request, RowAddress address, ODataUriParser parser)
    {
        var table = address.Table;
        var values = ReadBody(request, table);
        var existing = address.Find();
        var ifMatch = request.Header("If-Match");
        var ifNoneMatch = request.Header("If-None-Match");
        if (ifNoneMatch == "*" && existing is not null)
        {
            throw new DataverseException(412, ErrorCodes.DuplicateRecord, "A record with matching key values already exists.");
        }
        if (ifMatch is not null)
        {
            if (existing is null)
            {
                throw address.NotFound();
            }
            if (ifMatch != "*" && ifMatch != RowWriter.ETag(existing))
            {
                throw new DataverseException(412, ErrorCodes.ConcurrencyVersionMismatch, "The version of the existing record doesn't match the RowVersion property provided.");
            }
        }
        if (values.TryGetValue(table.Definition.PrimaryIdAttribute, out var bodyId) && address.Id is Guid urlId && !Equals(bodyId, urlId))
        {
            throw new DataverseException(400, ErrorCodes.PayloadError, $"The {table.Definition.PrimaryIdAttribute} in the payload does not match the key in the URL.");
        }
        if (existing is not null)
        {
            context.RequirePrivilege("Write", table);
            values.Remove(table.Definition.PrimaryIdAttribute);
            return Written(request, table, context.Store.Update(table, existing, values), parser, created: false);
        }
        context.RequirePrivilege("Create", table);
        if (address.Key is { } key)
        {
            for (var i = 0; i < key.KeyAttributes.Count; i++)
            {
                values[key.KeyAttributes[i]] = address.KeyValues[i];
            }
        }
        var id = address.Id ?? (values.Remove(table.Definition.PrimaryIdAttribute, out var given) && given is Guid g ? g : Guid.NewGuid());
        values.Remove(table.Definition.PrimaryIdAttribute);
        return Written(request, table, context.Store.Insert(table, id, values), parser, created: true);
    }

    public EmulatorResponse Delete(RowAddress address)
    {
        context.RequirePrivilege("Delete", address.Table);
        var existing = address.Find() ?? throw address.NotFound();
        context.Store.Delete(address.Table, existing);
        return new EmulatorResponse(204);
    }

    private Dictionary<string, object?> ReadBody(EmulatorRequest request, TableData table)
    {
        var contentType = request.Header("Content-Type") ?? "";
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new DataverseException(415, ErrorCodes.PayloadError, $"The content type '{contentType}' is not supported: send Content-Type: application/json.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(request.Body);
        }
        catch (JsonException e)
        {
            throw new DataverseException(400, ErrorCodes.PayloadError, $"The payload is not valid JSON: {e.Message}");
        }
        using (document)
        {
            return PayloadReader.Read(table.Definition, document.RootElement, resolveBind);
        }
    }

    private EmulatorResponse Written(EmulatorRequest request, TableData table, Row row, ODataUriParser parser, bool created)
    {
        EmulatorResponse response;
        if (request.Prefer.ReturnRepresentation)
        {
            response = reads.Single(table, row, EntityReads.SelectedColumns(table, parser), created ? 201 : 200, annotations: false);
            response.Headers["Preference-Applied"] = "return=representation";
        }
        else
        {
            response = new EmulatorResponse(204);
        }
        response.Headers["OData-EntityId"] = context.EntityUrl(table, row.Id).ToString();
        return response;
    }
}
