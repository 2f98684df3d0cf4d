using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CrmSuite.Connector.Tests.Crm.Dataverse.Support;
using Microsoft.AspNetCore.Http;

namespace CrmSuite.Connector.Tests.Crm.Dataverse.Schema;

/// <summary>
/// The metadata endpoints deploy-schema and check call, written from the Dataverse documentation ("Create and update
/// table definitions", "… column definitions", "… table relationships", "Define alternate keys", "Query table
/// definitions", WhoAmI, RetrieveUserPrivileges), over an in-memory organisation holding the standard
/// tables account, systemuser, task, quote and opportunity. It refuses what the service refuses: an unknown table, a duplicate column, a
/// key on a missing column, a table outside the publisher's prefix, a solution that does not exist, a body without
/// its <c>@odata.type</c>, a request without a bearer token.
/// </summary>
internal sealed partial class FakeMetadataService
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Table> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guid> _publishers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _solutions = new(StringComparer.Ordinal);

    public FakeMetadataService()
    {
        AddStandard("account", changeTracking: false, ("accountid", "Uniqueidentifier"), ("name", "String"), ("ownerid", "Owner"),
            ("versionnumber", "BigInt"), ("modifiedon", "DateTime"));
        AddStandard("systemuser", changeTracking: false, ("systemuserid", "Uniqueidentifier"), ("fullname", "String"),
            ("internalemailaddress", "String"), ("isdisabled", "Boolean"));
        AddStandard("task", changeTracking: true, ("activityid", "Uniqueidentifier"), ("subject", "String"), ("description", "Memo"),
            ("scheduledend", "DateTime"), ("prioritycode", "Picklist"), ("regardingobjectid", "Lookup"), ("ownerid", "Owner"),
            ("statecode", "State"), ("statuscode", "Status"), ("actualend", "DateTime"), ("versionnumber", "BigInt"));
        AddStandard("quote", changeTracking: false, ("quoteid", "Uniqueidentifier"), ("name", "String"), ("discountpercentage", "Decimal"), ("ownerid", "Owner"));
        AddStandard("opportunity", changeTracking: false, ("opportunityid", "Uniqueidentifier"), ("name", "String"), ("discountpercentage", "Decimal"), ("ownerid", "Owner"));
    }

    public sealed class Table(string logicalName, bool isCustom)
    {
        public string LogicalName { get; } = logicalName;

        public bool IsCustom { get; } = isCustom;

        public Guid MetadataId { get; } = Guid.NewGuid();

        public bool ChangeTracking { get; set; }

        public Dictionary<string, string> Columns { get; } = new(StringComparer.Ordinal);

        public List<Key> Keys { get; } = [];
    }

    public sealed class Key(string logicalName, string[] columns)
    {
        public string LogicalName { get; } = logicalName;

        public string[] Columns { get; } = columns;

        public string Status { get; set; } = "Pending";

        /// <summary>Reads of the table left before the background job finishes the key.</summary>
        public int ReadsUntilActive { get; set; }
    }

    public Guid UserId { get; } = Guid.Parse("0b7c1f58-3a8a-4d5e-9bb0-5c1d2e3f4a5b");

    /// <summary>The privileges the application user's roles grant.</summary>
    public HashSet<string> Granted { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many reads of its table a new key stays Pending for (0: Active at the next read).</summary>
    public int KeyBuildReads { get; set; } = 1;

    /// <summary>When set, new keys end in this status instead of Active (e.g. Failed).</summary>
    public string? KeyOutcome { get; set; }

    public Table this[string logicalName]
    {
        get
        {
            lock (_lock)
            {
                return _tables[logicalName];
            }
        }
    }

    public bool Has(string logicalName)
    {
        lock (_lock)
        {
            return _tables.ContainsKey(logicalName);
        }
    }

    public async Task RespondAsync(HttpContext context, FakeWebApi.Received request)
    {
        if (!request.Headers.TryGetValue("Authorization", out var bearer) || !bearer.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 401;
            return;
        }

        var path = Uri.UnescapeDataString(context.Request.Path.Value!["/api/data/v9.2/".Length..]);
        var query = context.Request.Query;
        JsonObject? body = request.Body.Length > 0 ? JsonNode.Parse(request.Body)!.AsObject() : null;
        (int Status, JsonNode? Json) answer;
        lock (_lock)
        {
            answer = Route(request.Method, path, query, body, request.Headers);
        }

        context.Response.StatusCode = answer.Status;
        if (answer.Json is not null)
        {
            await context.Response.WriteAsync(answer.Json.ToJsonString());
        }
    }

    private (int, JsonNode?) Route(string method, string path, IQueryCollection query, JsonObject? body, IReadOnlyDictionary<string, string> headers)
    {
        Match m;
        if (method == "GET" && path == "WhoAmI")
        {
            return (200, new JsonObject { ["BusinessUnitId"] = Guid.Empty.ToString(), [nameof(UserId)] = UserId.ToString(), ["OrganizationId"] = Guid.Empty.ToString() });
        }

        if (method == "GET" && (m = PrivilegeCheck().Match(path)).Success)
        {
            var roles = Guid.Parse(m.Groups[1].Value) == UserId ? Granted : [];
            return (200, new JsonObject
            {
                ["RolePrivileges"] = new JsonArray([.. roles.Select(p => (JsonNode)new JsonObject
                {
                    ["Depth"] = "Global", ["PrivilegeId"] = Guid.NewGuid().ToString(), ["BusinessUnitId"] = Guid.Empty.ToString(), ["PrivilegeName"] = p,
                })]),
            });
        }

        if ((m = Definition().Match(path)).Success)
        {
            var name = m.Groups[1].Value;
            var rest = m.Groups[2].Value;
            if (!_tables.TryGetValue(name, out var table))
            {
                return Error(404, "0x80060888", $"Could not find entity with name {name}");
            }

            return (method, rest) switch
            {
                ("GET", "") => (200, Describe(table, query)),
                ("GET", "/Attributes") => (200, Rows(table.Columns.Select(c => new JsonObject { ["LogicalName"] = c.Key, ["AttributeType"] = c.Value }))),
                ("GET", "/Keys") => (200, Keys(table)),
                ("POST", "/Attributes") => AddAttribute(table, body, headers),
                ("POST", "/Keys") => AddKey(table, body, headers),
                _ => Error(405, "0x8006088a", $"{method} {path} is not supported"),
            };
        }

        if (method == "PUT" && (m = DefinitionById().Match(path)).Success)
        {
            var table = _tables.Values.FirstOrDefault(t => t.MetadataId == Guid.Parse(m.Groups[1].Value));
            if (table is null)
            {
                return Error(404, "0x80060888", "Could not find entity");
            }

            if (body?["LogicalName"]?.GetValue<string>() != table.LogicalName || body["@odata.context"] is not null)
            {
                return Error(400, "0x80048d19", "A PUT replaces the whole definition: send the definition as read, without @odata.context.");
            }

            table.ChangeTracking = body["ChangeTrackingEnabled"]?.GetValue<bool>() ?? false;
            return (204, null);
        }

        return (method, path) switch
        {
            ("POST", "EntityDefinitions") => CreateTable(body, headers),
            ("POST", "RelationshipDefinitions") => CreateRelationship(body, headers),
            ("POST", "PublishXml") => body?["ParameterXml"] is null ? Error(400, "0x80040203", "ParameterXml is required") : (204, null),
            ("GET", "publishers") => (200, Rows(_publishers.Where(p => Filter(query, p.Key)).Select(p => new JsonObject { ["publisherid"] = p.Value.ToString() }))),
            ("GET", "solutions") => (200, Rows(_solutions.Where(s => Filter(query, s)).Select(_ => new JsonObject { ["solutionid"] = Guid.NewGuid().ToString() }))),
            ("POST", "publishers") => CreatePublisher(body),
            ("POST", "solutions") => CreateSolution(body),
            _ => Error(404, "0x80060888", $"Resource not found for the segment '{path}'."),
        };
    }

    private JsonObject Describe(Table table, IQueryCollection query)
    {
        var json = new JsonObject
        {
            ["@odata.context"] = "$metadata#EntityDefinitions/$entity",
            ["LogicalName"] = table.LogicalName,
            ["MetadataId"] = table.MetadataId.ToString(),
            ["ChangeTrackingEnabled"] = table.ChangeTracking,
        };
        if (query["$select"].Count == 0)
        {
            // The whole definition (as a PUT must send it back), here only a part of its many properties.
            json["SchemaName"] = table.LogicalName;
            json["IsCustomEntity"] = table.IsCustom;
            json["OwnershipType"] = table.IsCustom ? "OrganizationOwned" : "UserOwned";
        }

        return json;
    }

    // Each read of a table's keys moves the background index job on.
    private JsonObject Keys(Table table)
    {
        foreach (var key in table.Keys.Where(k => k.Status == "Pending" && k.ReadsUntilActive-- <= 0))
        {
            key.Status = KeyOutcome ?? "Active";
        }

        return Rows(table.Keys.Select(k => new JsonObject
        {
            ["LogicalName"] = k.LogicalName,
            ["KeyAttributes"] = new JsonArray([.. k.Columns.Select(c => (JsonNode)JsonValue.Create(c))]),
            ["EntityKeyIndexStatus"] = k.Status,
        }));
    }

    private (int, JsonNode?) CreateTable(JsonObject? body, IReadOnlyDictionary<string, string> headers)
    {
        if (SolutionProblem(headers) is { } problem)
        {
            return problem;
        }

        if (body?["@odata.type"]?.GetValue<string>() != "Microsoft.Dynamics.CRM.EntityMetadata" || body["SchemaName"]?.GetValue<string>() is not { } schema)
        {
            return Error(400, "0x80048d19", "The body must be a Microsoft.Dynamics.CRM.EntityMetadata with a SchemaName.");
        }

        if (!schema.StartsWith("cs_", StringComparison.Ordinal))
        {
            return Error(400, "0x80044363", $"The schema name {schema} does not start with the solution publisher's prefix cs_.");
        }

        var name = schema.ToLowerInvariant();
        if (_tables.ContainsKey(name))
        {
            return Error(400, "0x80044363", $"An entity with the specified name {name} already exists.");
        }

        var attributes = body["Attributes"]?.AsArray() ?? [];
        if (attributes.Count(a => a?["IsPrimaryName"]?.GetValue<bool>() == true && a["@odata.type"]?.GetValue<string>() == "Microsoft.Dynamics.CRM.StringAttributeMetadata") != 1)
        {
            return Error(400, "0x80044363", "The entity must have exactly one primary name attribute (StringAttributeMetadata with IsPrimaryName true).");
        }

        var table = new Table(name, isCustom: true) { ChangeTracking = body["ChangeTrackingEnabled"]?.GetValue<bool>() ?? false };
        table.Columns[name + "id"] = "Uniqueidentifier";
        foreach (var attribute in attributes)
        {
            if (AttributeType(attribute!.AsObject()) is not { } type)
            {
                return Error(400, "0x80048d19", "Each attribute needs its @odata.type, AttributeType and SchemaName.");
            }

            table.Columns[attribute["SchemaName"]!.GetValue<string>().ToLowerInvariant()] = type;
        }

        _tables[name] = table;
        return (204, null);
    }

    private (int, JsonNode?) AddAttribute(Table table, JsonObject? body, IReadOnlyDictionary<string, string> headers)
    {
        if (SolutionProblem(headers) is { } problem)
        {
            return problem;
        }

        if (body is null || AttributeType(body) is not { } type || type == "Lookup")
        {
            return Error(400, "0x80048d19", "The body must be an attribute definition with @odata.type, AttributeType and SchemaName (a lookup is created with its relationship).");
        }

        var name = body["SchemaName"]!.GetValue<string>().ToLowerInvariant();
        if (!table.Columns.TryAdd(name, type))
        {
            return Error(400, "0x80047013", $"An attribute with the specified name {name} already exists.");
        }

        return (204, null);
    }

    private (int, JsonNode?) CreateRelationship(JsonObject? body, IReadOnlyDictionary<string, string> headers)
    {
        if (SolutionProblem(headers) is { } problem)
        {
            return problem;
        }

        if (body?["@odata.type"]?.GetValue<string>() != "Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata" || body["Lookup"] is not JsonObject lookup
            || lookup["@odata.type"]?.GetValue<string>() != "Microsoft.Dynamics.CRM.LookupAttributeMetadata" || body["SchemaName"] is null)
        {
            return Error(400, "0x80048d19", "The body must be a OneToManyRelationshipMetadata with a SchemaName and a LookupAttributeMetadata.");
        }

        if (!_tables.TryGetValue(body["ReferencedEntity"]?.GetValue<string>() ?? "", out var referenced)
            || !_tables.TryGetValue(body["ReferencingEntity"]?.GetValue<string>() ?? "", out var referencing))
        {
            return Error(404, "0x80060888", "Could not find the referenced or referencing entity.");
        }

        if (body["ReferencedAttribute"]?.GetValue<string>() != referenced.LogicalName + "id")
        {
            return Error(400, "0x80048d19", "ReferencedAttribute must be the referenced entity's primary key.");
        }

        var name = lookup["SchemaName"]!.GetValue<string>().ToLowerInvariant();
        return referencing.Columns.TryAdd(name, "Lookup") ? (204, null) : Error(400, "0x80047013", $"An attribute with the specified name {name} already exists.");
    }

    private (int, JsonNode?) AddKey(Table table, JsonObject? body, IReadOnlyDictionary<string, string> headers)
    {
        if (SolutionProblem(headers) is { } problem)
        {
            return problem;
        }

        var columns = body?["KeyAttributes"]?.AsArray().Select(c => c!.GetValue<string>()).ToArray() ?? [];
        if (body?["SchemaName"] is null || columns.Length is 0 or > 16 || columns.Any(c => !table.Columns.ContainsKey(c)))
        {
            return Error(400, "0x80048d19", "A key needs a SchemaName and 1 to 16 KeyAttributes that exist on the entity.");
        }

        if (table.Keys.Count >= 10)
        {
            return Error(400, "0x80048d19", "An entity has at most 10 alternate keys.");
        }

        table.Keys.Add(new Key(body["SchemaName"]!.GetValue<string>().ToLowerInvariant(), columns) { ReadsUntilActive = KeyBuildReads });
        return (204, null);
    }

    private (int, JsonNode?) CreatePublisher(JsonObject? body)
    {
        var name = body?["uniquename"]?.GetValue<string>();
        if (name is null || body!["customizationprefix"] is null)
        {
            return Error(400, "0x80048d19", "A publisher needs uniquename and customizationprefix.");
        }

        _publishers[name] = Guid.NewGuid();
        return (204, null);
    }

    private (int, JsonNode?) CreateSolution(JsonObject? body)
    {
        var bind = body?["publisherid@odata.bind"]?.GetValue<string>() ?? "";
        if (body?["uniquename"]?.GetValue<string>() is not { } name || !_publishers.Values.Any(p => bind == $"/publishers({p})"))
        {
            return Error(400, "0x80048d19", "A solution needs uniquename and publisherid@odata.bind naming an existing publisher.");
        }

        _solutions.Add(name);
        return (204, null);
    }

    private (int, JsonNode?)? SolutionProblem(IReadOnlyDictionary<string, string> headers) =>
        headers.TryGetValue("MSCRM.SolutionUniqueName", out var solution) && !_solutions.Contains(solution)
            ? Error(404, "0x8004a009", $"The solution {solution} does not exist.")
            : null;

    private static string? AttributeType(JsonObject attribute) =>
        attribute["@odata.type"]?.GetValue<string>() is { } type && type.StartsWith("Microsoft.Dynamics.CRM.", StringComparison.Ordinal)
        && type.EndsWith("AttributeMetadata", StringComparison.Ordinal) && attribute["SchemaName"] is not null
            ? attribute["AttributeType"]?.GetValue<string>()
            : null;

    private static bool Filter(IQueryCollection query, string uniqueName) =>
        query["$filter"].ToString() == $"uniquename eq '{uniqueName}'";

    private static JsonObject Rows(IEnumerable<JsonObject> rows) => new() { ["value"] = new JsonArray([.. rows]) };

    private static (int, JsonNode?) Error(int status, string code, string message) =>
        (status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    private void AddStandard(string name, bool changeTracking, params (string Name, string Type)[] columns)
    {
        var table = new Table(name, isCustom: false) { ChangeTracking = changeTracking };
        foreach (var (column, type) in columns)
        {
            table.Columns[column] = type;
        }

        _tables[name] = table;
    }

    [GeneratedRegex(@"^EntityDefinitions\(LogicalName='([a-z_0-9]+)'\)(/Attributes|/Keys)?$")]
    private static partial Regex Definition();

    [GeneratedRegex(@"^EntityDefinitions\(([0-9a-f-]{36})\)$")]
    private static partial Regex DefinitionById();

    [GeneratedRegex(@"^systemusers\(([0-9a-f-]{36})\)/Microsoft\.Dynamics\.CRM\.RetrieveUserPrivileges\(\)$")]
    private static partial Regex PrivilegeCheck();
}
