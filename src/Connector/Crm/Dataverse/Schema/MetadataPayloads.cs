using System.Text.Json.Nodes;

namespace CrmSuite.Connector.Crm.Dataverse.Schema;

/// <summary>
/// The JSON bodies of the metadata writes, as "Create and update table definitions", "Create and update column
/// definitions", "Create and update table relationships" and "Define alternate keys" show them (labels in LCID 1033).
/// </summary>
internal static class MetadataPayloads
{
    private const int English = 1033;

    public static JsonObject Table(TableDefinition table)
    {
        var attributes = new JsonArray(PrimaryName());
        foreach (var column in table.Columns.Where(c => c.Kind != ColumnKind.Lookup))
        {
            attributes.Add(Column(column));
        }

        return new JsonObject
        {
            ["@odata.type"] = "Microsoft.Dynamics.CRM.EntityMetadata",
            ["SchemaName"] = table.LogicalName,
            ["DisplayName"] = Label(table.DisplayName),
            ["DisplayCollectionName"] = Label(table.DisplayCollectionName),
            ["Description"] = Label($"{table.DisplayName}s kept by CrmSuite (docs/dataverse-schema.md)."),
            ["OwnershipType"] = "OrganizationOwned",
            ["IsActivity"] = false,
            ["HasActivities"] = false,
            ["HasNotes"] = false,
            ["ChangeTrackingEnabled"] = table.NeedsChangeTracking,
            ["Attributes"] = attributes,
        };
    }

    public static JsonObject Column(ColumnDefinition column)
    {
        var json = new JsonObject
        {
            ["SchemaName"] = column.SchemaName,
            ["DisplayName"] = Label(DisplayName(column.LogicalName)),
            ["RequiredLevel"] = NotRequired(),
        };
        switch (column.Kind)
        {
            case ColumnKind.String:
                Type(json, "String", "StringType");
                json["FormatName"] = new JsonObject { ["Value"] = "Text" };
                json["MaxLength"] = column.Size;
                break;
            case ColumnKind.Memo:
                Type(json, "Memo", "MemoType");
                json["Format"] = "TextArea";
                json["MaxLength"] = column.Size;
                break;
            case ColumnKind.Integer:
                Type(json, "Integer", "IntegerType");
                json["Format"] = "None";
                json["MinValue"] = int.MinValue;
                json["MaxValue"] = int.MaxValue;
                break;
            case ColumnKind.Decimal:
                Type(json, "Decimal", "DecimalType");
                json["Precision"] = column.Size;
                json["MinValue"] = -100_000_000_000m;
                json["MaxValue"] = 100_000_000_000m;
                break;
            case ColumnKind.DateOnly or ColumnKind.DateTime:
                Type(json, "DateTime", "DateTimeType");
                json["Format"] = column.Kind == ColumnKind.DateOnly ? "DateOnly" : "DateAndTime";
                json["DateTimeBehavior"] = new JsonObject { ["Value"] = column.Kind == ColumnKind.DateOnly ? "DateOnly" : "UserLocal" };
                break;
            default:
                throw new ArgumentException($"{column.LogicalName} is a lookup: create it with {nameof(Lookup)}.", nameof(column));
        }

        return json;
    }

    /// <summary>A lookup column is created with its one-to-many relationship (<c>POST RelationshipDefinitions</c>).</summary>
    public static JsonObject Lookup(TableDefinition table, ColumnDefinition column)
    {
        var lookup = new JsonObject
        {
            ["@odata.type"] = "Microsoft.Dynamics.CRM.LookupAttributeMetadata",
            ["AttributeType"] = "Lookup",
            ["AttributeTypeName"] = new JsonObject { ["Value"] = "LookupType" },
            ["SchemaName"] = column.SchemaName,
            ["DisplayName"] = Label(DisplayName(column.LogicalName)),
            ["RequiredLevel"] = NotRequired(),
        };
        return new JsonObject
        {
            ["@odata.type"] = "Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata",
            ["SchemaName"] = RelationshipName(table, column),
            ["ReferencedEntity"] = column.Target,
            ["ReferencedAttribute"] = column.Target + "id",
            ["ReferencingEntity"] = table.LogicalName,
            // Deleting an account or a subscription must not delete CrmSuite's history of it.
            ["CascadeConfiguration"] = new JsonObject
            {
                ["Assign"] = "NoCascade",
                ["Delete"] = "RemoveLink",
                ["Merge"] = "NoCascade",
                ["Reparent"] = "NoCascade",
                ["Share"] = "NoCascade",
                ["Unshare"] = "NoCascade",
            },
            ["Lookup"] = lookup,
        };
    }

    public static string RelationshipName(TableDefinition table, ColumnDefinition column) => $"{table.LogicalName}_{column.LogicalName}";

    public static JsonObject Key(KeyDefinition key) => new()
    {
        ["SchemaName"] = key.LogicalName,
        ["DisplayName"] = Label(DisplayName(key.LogicalName)),
        ["KeyAttributes"] = new JsonArray([.. key.Columns.Select(c => (JsonNode)JsonValue.Create(c))]),
    };

    private static JsonObject PrimaryName()
    {
        var json = Column(new ColumnDefinition(TableDefinition.PrimaryName, ColumnKind.String, TableDefinition.PrimaryNameLength));
        json["IsPrimaryName"] = true;
        return json;
    }

    private static void Type(JsonObject json, string type, string typeName)
    {
        json["@odata.type"] = $"Microsoft.Dynamics.CRM.{type}AttributeMetadata";
        json["AttributeType"] = type;
        json["AttributeTypeName"] = new JsonObject { ["Value"] = typeName };
    }

    private static JsonObject NotRequired() => new()
    {
        ["Value"] = "None",
        ["CanBeChanged"] = true,
        ["ManagedPropertyLogicalName"] = "canmodifyrequirementlevelsettings",
    };

    private static JsonObject Label(string text) => new()
    {
        ["@odata.type"] = "Microsoft.Dynamics.CRM.Label",
        ["LocalizedLabels"] = new JsonArray(new JsonObject
        {
            ["@odata.type"] = "Microsoft.Dynamics.CRM.LocalizedLabel",
            ["Label"] = text,
            ["LanguageCode"] = English,
        }),
    };

    // cs_seatsused → "Seatsused": a readable label; admins may rename it, the logical name is what CrmSuite uses.
    private static string DisplayName(string logicalName)
    {
        var name = logicalName.StartsWith(CrmSuiteSchema.Prefix + "_", StringComparison.Ordinal) ? logicalName[(CrmSuiteSchema.Prefix.Length + 1)..] : logicalName;
        return string.Concat(char.ToUpperInvariant(name[0]).ToString(), name[1..].Replace('_', ' '));
    }
}
