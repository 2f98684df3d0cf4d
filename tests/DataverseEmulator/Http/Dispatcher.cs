using System.Text;
using System.Text.Json;
using System.Xml;
using CrmSuite.DataverseEmulator.Metadata;
using CrmSuite.DataverseEmulator.Store;
using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.UriParser;

namespace CrmSuite.DataverseEmulator.Http;

/// <summary>
/// Routes one request (top level or inside a $batch) to its handler and turns errors into Dataverse error bodies.
/// Must run under the store's lock.
/// </summary>
internal sealed class Dispatcher
{
    private readonly EmulatorContext context;
    private readonly EntityReads reads;
    private readonly MetadataEndpoints metadata;

    public Dispatcher(EmulatorContext context)
    {
        this.context = context;
        reads = new EntityReads(context);
        metadata = new MetadataEndpoints(context);
    }

    /// <summary>Handles the request; <paramref name="contentIds"/> are the $n references of the enclosing change set.</summary>
    public EmulatorResponse Handle(EmulatorRequest request, IReadOnlyDictionary<string, string>? contentIds = null)
    {
        try
        {
            return Route(request, contentIds);
        }
        catch (DataverseException e)
        {
            return EmulatorResponse.Error(e);
        }
    }

    /// <summary>Like <see cref="Handle"/> but lets errors escape, so a change set can roll back.</summary>
    public EmulatorResponse Route(EmulatorRequest request, IReadOnlyDictionary<string, string>? contentIds)
    {
        var relative = RelativePath(request.Url);
        if (relative == "$metadata")
        {
            return Get(request, Csdl);
        }
        if (relative is "WhoAmI" or "WhoAmI()")
        {
            return Get(request, WhoAmI);
        }
        if (relative.StartsWith("EntityDefinitions", StringComparison.Ordinal) || relative.StartsWith("RelationshipDefinitions", StringComparison.Ordinal))
        {
            return metadata.Handle(request, relative);
        }

        var parser = context.Parser(request.Url);
        if (SimpleKeyPath.TryResolve(context.Store, relative) is { } row)
        {
            var rowWrites = new EntityWrites(context, reads, url => ResolveBind(url, contentIds));
            return request.Method switch
            {
                "GET" => reads.GetOne(row, parser),
                "PATCH" => rowWrites.Upsert(request, row, parser),
                "DELETE" => rowWrites.Delete(row),
                _ => throw MethodNotAllowed(request),
            };
        }
        var path = context.ParsePath(parser).ToList();
        if (path.FirstOrDefault() is not EntitySetSegment setSegment)
        {
            throw new DataverseException(404, ErrorCodes.QueryError, $"Resource not found for the segment '{relative}'.");
        }
        var table = context.Store.ByEntitySet(setSegment.EntitySet.Name)!;
        var writes = new EntityWrites(context, reads, url => ResolveBind(url, contentIds));
        switch (path)
        {
            case [EntitySetSegment]:
                return request.Method switch
                {
                    "GET" => reads.GetCollection(request, table, parser),
                    "POST" => writes.Create(request, table, parser),
                    _ => throw MethodNotAllowed(request),
                };
            case [EntitySetSegment, KeySegment key]:
                var address = KeyResolver.Resolve(table, key, request.Url.OriginalString);
                return request.Method switch
                {
                    "GET" => reads.GetOne(address, parser),
                    "PATCH" => writes.Upsert(request, address, parser),
                    "DELETE" => writes.Delete(address),
                    _ => throw MethodNotAllowed(request),
                };
            case [EntitySetSegment, OperationSegment operation] when request.Method == "POST":
                return new BulkOperations(context, url => ResolveBind(url, contentIds)).Handle(request, table, operation.Operations.First().Name);
            case [EntitySetSegment, KeySegment userKey, OperationSegment { Operations: var operations }]
                when operations.First().Name == "RetrieveUserPrivileges" && request.Method == "GET":
                return UserPrivileges(KeyResolver.Resolve(table, userKey, request.Url.OriginalString));
            default:
                throw new DataverseException(400, ErrorCodes.QueryError, $"The emulator does not support the request {request.Method} {relative}.");
        }
    }

    public EntityReference ResolveBind(string url, IReadOnlyDictionary<string, string>? contentIds)
    {
        if (url.StartsWith('$'))
        {
            if (contentIds is null || !contentIds.TryGetValue(url[1..], out var referenced))
            {
                throw new DataverseException(400, ErrorCodes.QueryError, $"Content-ID Reference: '{url}' does not exist in the batch context.");
            }
            url = referenced;
        }
        var absolute = Absolute(url);
        if (absolute.AbsolutePath.StartsWith(context.ServiceRoot.AbsolutePath, StringComparison.Ordinal)
            && SimpleKeyPath.TryResolve(context.Store, RelativePath(absolute)) is { } simple)
        {
            var found = simple.Find() ?? throw new DataverseException(404, ErrorCodes.ObjectDoesNotExist, simple.Describe());
            return new EntityReference(simple.Table.Definition.LogicalName, found.Id);
        }
        var parser = context.Parser(absolute);
        var path = context.ParsePath(parser).ToList();
        if (path is not [EntitySetSegment set, KeySegment key])
        {
            throw new DataverseException(400, ErrorCodes.PayloadError, $"The @odata.bind value '{url}' does not address a single row such as /accounts(<guid>).");
        }
        var table = context.Store.ByEntitySet(set.EntitySet.Name)!;
        var address = KeyResolver.Resolve(table, key, absolute.OriginalString);
        var row = address.Find() ?? throw new DataverseException(404, ErrorCodes.ObjectDoesNotExist, address.Describe());
        return new EntityReference(table.Definition.LogicalName, row.Id);
    }

    /// <summary>An absolute URL for a relative one (<c>/api/data/v9.2/tasks</c>, <c>tasks</c>) against the service root.</summary>
    public Uri Absolute(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal))
        {
            return absolute;
        }
        var rootPath = context.ServiceRoot.AbsolutePath;
        var relative = url.StartsWith(rootPath, StringComparison.Ordinal) ? url[rootPath.Length..] : url.TrimStart('/');
        return new Uri(context.ServiceRoot, relative);
    }

    public string RelativePath(Uri url)
    {
        var path = url.AbsolutePath;
        var root = context.ServiceRoot.AbsolutePath;
        if (!path.StartsWith(root, StringComparison.Ordinal))
        {
            throw new DataverseException(404, ErrorCodes.QueryError, $"The URL '{url}' is not under the service root {context.ServiceRoot}.");
        }
        return Uri.UnescapeDataString(path[root.Length..]);
    }

    private static EmulatorResponse Get(EmulatorRequest request, Func<EmulatorResponse> answer) =>
        request.Method == "GET" ? answer() : throw MethodNotAllowed(request);

    private EmulatorResponse Csdl()
    {
        var output = new StringBuilder();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
        {
            if (!CsdlWriter.TryWriteCsdl(context.Model, writer, CsdlTarget.OData, out var errors))
            {
                throw new InvalidOperationException("CSDL: " + string.Join("; ", errors.Select(e => e.ErrorMessage)));
            }
        }
        return EmulatorResponse.Content(200, "application/xml", Encoding.UTF8.GetBytes(output.ToString()));
    }

    private EmulatorResponse WhoAmI() => EmulatorResponse.Json(200, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["@odata.context"] = $"{context.ServiceRoot}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse",
        ["BusinessUnitId"] = context.Options.BusinessUnitId,
        ["UserId"] = context.Options.ApplicationUserId,
        ["OrganizationId"] = context.Options.OrganizationId,
    }));

    private EmulatorResponse UserPrivileges(RowAddress user)
    {
        var row = user.Find() ?? throw user.NotFound();
        var granted = row.Id == context.Options.ApplicationUserId
            ? context.Store.Tables.SelectMany(t => new[] { "Create", "Read", "Write", "Delete", "Append", "AppendTo" }.Select(a => $"prv{a}{t.Definition.PrivilegeName}"))
                .Distinct().Where(p => !context.RevokedPrivileges.Contains(p))
            : [];
        var privileges = granted.Select(name => new Dictionary<string, object>
        {
            ["Depth"] = "Global",
            ["PrivilegeId"] = new Guid(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16)),
            ["BusinessUnitId"] = context.Options.BusinessUnitId,
            ["PrivilegeName"] = name,
        }).ToList();
        return EmulatorResponse.Json(200, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["@odata.context"] = $"{context.ServiceRoot}$metadata#Microsoft.Dynamics.CRM.RetrieveUserPrivilegesResponse",
            ["RolePrivileges"] = privileges,
        }));
    }

    private static DataverseException MethodNotAllowed(EmulatorRequest request) =>
        new(405, ErrorCodes.QueryError, $"The HTTP method {request.Method} is not allowed on {request.Url.AbsolutePath}.");
}
