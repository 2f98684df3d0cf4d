using System.Text.Json;
using CrmSuite.DataverseEmulator.Http;
using CrmSuite.DataverseEmulator.Schema;
using CrmSuite.DataverseEmulator.Store;

namespace CrmSuite.DataverseEmulator.Metadata;

/// <summary>Creates tables, columns, lookups (one-to-many relationships) and alternate keys from metadata payloads.</summary>
internal sealed class MetadataWrites(EmulatorContext context)
{
    private const int MaxKeysPerTable = 10;
    private const int MaxColumnsPerKey = 16;

    public EmulatorResponse CreateTable(JsonElement body)
    {
        RequireType(body, "EntityMetadata");
        var schemaName = SchemaName(body, "table");
        var logicalName = schemaName.ToLowerInvariant();
        if (context.Store.ByLogicalName(logicalName) is not null)
        {
            throw Duplicate($"An entity with the name {schemaName} already exists.");
        }
        RequireLabel(body, "DisplayName");
        RequireLabel(body, "DisplayCollectionName");
        var attributes = body.TryGetProperty("Attributes", out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().ToList() : [];
        var primaryNames = attributes.Where(x => x.TryGetProperty("IsPrimaryName", out var p) && p.ValueKind == JsonValueKind.True).ToList();
        if (primaryNames.Count != 1 || TypeName(primaryNames[0]) != "StringAttributeMetadata")
        {
            throw Invalid("A new table needs exactly one attribute in Attributes with IsPrimaryName true, of type Microsoft.Dynamics.CRM.StringAttributeMetadata.");
        }
        var ownership = body.TryGetProperty("OwnershipType", out var o) ? o.GetString() ?? "UserOwned" : "UserOwned";
        if (ownership is not ("UserOwned" or "OrganizationOwned"))
        {
            throw Invalid($"OwnershipType '{ownership}' is not UserOwned or OrganizationOwned.");
        }
        var primary = ReadColumn(primaryNames[0]) with { IsPrimaryName = true };
        var entitySet = body.TryGetProperty("EntitySetName", out var s) && s.GetString() is { } given ? given : Plural(logicalName);
        var table = new TableDefinition(schemaName, entitySet, logicalName + "id", primary.LogicalName, isCustom: true)
        {
            OwnershipType = ownership,
            PrivilegeName = schemaName,
            ChangeTrackingEnabled = body.TryGetProperty("ChangeTrackingEnabled", out var ct) && ct.ValueKind == JsonValueKind.True,
            StateStatus = new Dictionary<int, int[]> { [0] = [1], [1] = [2] },
        };
        table.AddColumn(StandardTables.PrimaryKey(logicalName + "id", schemaName + "Id"));
        table.AddColumn(primary);
        foreach (var other in attributes.Where(x => !primaryNames.Contains(x)))
        {
            table.AddColumn(ReadColumn(other));
        }
        if (ownership == "UserOwned")
        {
            table.AddColumn(new ColumnDefinition("ownerid", "OwnerId", ColumnType.Owner) { Targets = [new LookupTarget("systemuser", "ownerid")] });
        }
        StandardTables.AddStateAndStatus(table);
        StandardTables.AddSystemColumns(table);
        context.Store.AddTable(table);
        return Created($"EntityDefinitions({table.MetadataId:D})");
    }

    public EmulatorResponse UpdateTable(TableData table, JsonElement body)
    {
        RequireType(body, "EntityMetadata");
        if (body.TryGetProperty("ChangeTrackingEnabled", out var ct))
        {
            var enabled = ct.ValueKind == JsonValueKind.True;
            if (!enabled && table.Definition.ChangeTrackingEnabled)
            {
                throw Invalid("Once change tracking has been enabled for a table, it is not possible to disable it.");
            }
            table.Definition.ChangeTrackingEnabled = enabled;
            context.Store.SchemaChanged();
        }
        return new EmulatorResponse(204);
    }

    public EmulatorResponse CreateColumn(TableData table, JsonElement body)
    {
        if (TypeName(body) == "LookupAttributeMetadata")
        {
            throw Invalid("Create a lookup column through POST RelationshipDefinitions with a Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata whose Lookup is the column.");
        }
        var column = ReadColumn(body);
        AddColumn(table, column);
        return Created($"EntityDefinitions({table.Definition.MetadataId:D})/Attributes({column.MetadataId:D})");
    }

    public EmulatorResponse CreateRelationship(JsonElement body)
    {
        RequireType(body, "OneToManyRelationshipMetadata");
        var referenced = Text(body, "ReferencedEntity");
        var referencing = Text(body, "ReferencingEntity");
        var target = context.Store.ByLogicalName(referenced) ?? throw Invalid($"The ReferencedEntity '{referenced}' does not exist.");
        var table = context.Store.ByLogicalName(referencing) ?? throw Invalid($"The ReferencingEntity '{referencing}' does not exist.");
        if (body.TryGetProperty("ReferencedAttribute", out var ra) && ra.GetString() is { } attribute && attribute != target.Definition.PrimaryIdAttribute)
        {
            throw Invalid($"The ReferencedAttribute must be {target.Definition.PrimaryIdAttribute}, the primary key of {referenced}.");
        }
        if (!body.TryGetProperty("Lookup", out var lookup) || TypeName(lookup) != "LookupAttributeMetadata")
        {
            throw Invalid("A one-to-many relationship needs a Lookup of type Microsoft.Dynamics.CRM.LookupAttributeMetadata.");
        }
        var schemaName = SchemaName(lookup, "lookup column");
        // The single-valued navigation property defaults to the lookup's schema name (cs_AccountId@odata.bind).
        var navigation = body.TryGetProperty("ReferencingEntityNavigationPropertyName", out var n) && n.GetString() is { } name ? name : schemaName;
        var column = new ColumnDefinition(schemaName.ToLowerInvariant(), schemaName, ColumnType.Lookup)
        {
            IsCustom = true,
            Targets = [new LookupTarget(referenced, navigation)],
        };
        AddColumn(table, column);
        return Created($"RelationshipDefinitions({Guid.NewGuid():D})");
    }

    public EmulatorResponse CreateKey(TableData table, JsonElement body)
    {
        var schemaName = SchemaName(body, "key");
        var definition = table.Definition;
        if (definition.Keys.Any(k => k.LogicalName == schemaName.ToLowerInvariant()))
        {
            throw Duplicate($"An entity key with the name {schemaName} already exists on {definition.LogicalName}.");
        }
        if (definition.Keys.Count >= MaxKeysPerTable)
        {
            throw Invalid($"{definition.LogicalName} already has {MaxKeysPerTable} alternate keys, the most a table can have.");
        }
        RequireLabel(body, "DisplayName");
        var attributes = body.TryGetProperty("KeyAttributes", out var k) && k.ValueKind == JsonValueKind.Array
            ? k.EnumerateArray().Select(e => e.GetString() ?? "").ToList() : [];
        if (attributes.Count is 0 or > MaxColumnsPerKey)
        {
            throw Invalid($"KeyAttributes must list 1 to {MaxColumnsPerKey} column logical names.");
        }
        foreach (var name in attributes)
        {
            var column = definition.Column(name) ?? throw Invalid($"The key attribute '{name}' does not exist on {definition.LogicalName}.");
            if (column.Type is ColumnType.Memo or ColumnType.Boolean or ColumnType.Owner or ColumnType.State or ColumnType.Status || column.IsPrimaryId)
            {
                throw Invalid($"The column '{name}' ({column.Type}) cannot be part of an alternate key.");
            }
        }
        var key = new AlternateKeyDefinition(schemaName, attributes, KeyStatus.Pending, context.Options.KeyActivationReads);
        definition.AddKey(key);
        if (key.ReadsUntilActive <= 0)
        {
            Activate(table, key);
        }
        context.Store.SchemaChanged();
        return Created($"EntityDefinitions({definition.MetadataId:D})/Keys({key.MetadataId:D})");
    }

    /// <summary>The emulated index job: each metadata read of a Pending key brings it closer to Active.</summary>
    public void CountKeyRead(TableData table, AlternateKeyDefinition key)
    {
        if (key.Status == KeyStatus.Pending && --key.ReadsUntilActive <= 0)
        {
            Activate(table, key);
        }
    }

    public void Activate(TableData table, AlternateKeyDefinition key)
    {
        key.Status = table.BuildIndex(key) ? KeyStatus.Active : KeyStatus.Failed;
        context.Store.SchemaChanged();
    }

    private void AddColumn(TableData table, ColumnDefinition column)
    {
        if (table.Definition.Column(column.LogicalName) is not null)
        {
            throw Duplicate($"An attribute with the name {column.SchemaName} already exists on {table.Definition.LogicalName}.");
        }
        table.Definition.AddColumn(column);
        context.Store.SchemaChanged();
    }

    private static ColumnDefinition ReadColumn(JsonElement body)
    {
        var schemaName = SchemaName(body, "column");
        var type = TypeName(body);
        var columnType = type switch
        {
            "StringAttributeMetadata" => ColumnType.String,
            "MemoAttributeMetadata" => ColumnType.Memo,
            "IntegerAttributeMetadata" => ColumnType.Integer,
            "BigIntAttributeMetadata" => ColumnType.BigInt,
            "DecimalAttributeMetadata" => ColumnType.Decimal,
            "MoneyAttributeMetadata" => ColumnType.Money,
            "BooleanAttributeMetadata" => ColumnType.Boolean,
            "DateTimeAttributeMetadata" => DateType(body),
            _ => throw Invalid($"The attribute @odata.type '{type}' is not one the emulator creates (String, Memo, Integer, BigInt, Decimal, Money, Boolean, DateTime)."),
        };
        int? maxLength = columnType is ColumnType.String or ColumnType.Memo
            ? body.TryGetProperty("MaxLength", out var m) ? m.GetInt32() : throw Invalid($"The {type} {schemaName} needs MaxLength.")
            : null;
        int? precision = columnType is ColumnType.Decimal or ColumnType.Money ? (body.TryGetProperty("Precision", out var p) ? p.GetInt32() : 2) : null;
        RequireLabel(body, "DisplayName");
        return new ColumnDefinition(schemaName.ToLowerInvariant(), schemaName, columnType)
        {
            MaxLength = maxLength,
            Precision = precision,
            IsCustom = true,
        };
    }

    private static ColumnType DateType(JsonElement body)
    {
        var format = body.TryGetProperty("Format", out var f) ? f.GetString() : "DateAndTime";
        var behavior = body.TryGetProperty("DateTimeBehavior", out var b) && b.ValueKind == JsonValueKind.Object && b.TryGetProperty("Value", out var v) ? v.GetString() : "UserLocal";
        if (format == "DateOnly" && behavior == "DateOnly")
        {
            return ColumnType.DateOnly;
        }
        if (format == "DateOnly" || behavior == "DateOnly")
        {
            throw Invalid("A date-only column needs both Format DateOnly and DateTimeBehavior {\"Value\":\"DateOnly\"}.");
        }
        return ColumnType.DateTime;
    }

    private static string SchemaName(JsonElement body, string what)
    {
        var name = body.TryGetProperty("SchemaName", out var s) ? s.GetString() : null;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw Invalid($"The {what} needs a SchemaName.");
        }
        if (what != "key" && !name.Contains('_', StringComparison.Ordinal))
        {
            throw Invalid($"The SchemaName '{name}' must start with the publisher's customization prefix, such as cs_.");
        }
        return name;
    }

    private static void RequireType(JsonElement body, string expected)
    {
        if (TypeName(body) != expected)
        {
            throw Invalid($"The payload needs \"@odata.type\": \"Microsoft.Dynamics.CRM.{expected}\".");
        }
    }

    private static string TypeName(JsonElement body) =>
        body.TryGetProperty("@odata.type", out var t) && t.GetString() is { } type ? type.TrimStart('#').Replace("Microsoft.Dynamics.CRM.", "", StringComparison.Ordinal) : "";

    private static void RequireLabel(JsonElement body, string property)
    {
        if (!body.TryGetProperty(property, out var label) || !label.TryGetProperty("LocalizedLabels", out var labels) || labels.GetArrayLength() == 0)
        {
            throw Invalid($"{property} needs at least one entry in LocalizedLabels.");
        }
    }

    private static string Text(JsonElement body, string property) =>
        body.TryGetProperty(property, out var value) && value.GetString() is { } text ? text : throw Invalid($"The payload needs {property}.");

    private static string Plural(string logicalName) =>
        logicalName.EndsWith('s') || logicalName.EndsWith('x') || logicalName.EndsWith("ch", StringComparison.Ordinal) || logicalName.EndsWith("sh", StringComparison.Ordinal)
            ? logicalName + "es"
            : logicalName.EndsWith('y') && !"aeiou".Contains(logicalName[^2], StringComparison.Ordinal) ? logicalName[..^1] + "ies" : logicalName + "s";

    private EmulatorResponse Created(string path)
    {
        var response = new EmulatorResponse(204);
        response.Headers["OData-EntityId"] = $"{context.ServiceRoot}{path}";
        return response;
    }

    private static DataverseException Invalid(string message) => new(400, ErrorCodes.PayloadError, message);

    private static DataverseException Duplicate(string message) => new(400, ErrorCodes.DuplicateMetadata, message);
}
