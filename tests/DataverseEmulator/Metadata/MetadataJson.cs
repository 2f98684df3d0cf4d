using CrmSuite.DataverseEmulator.Schema;

namespace CrmSuite.DataverseEmulator.Metadata;

/// <summary>EntityMetadata, AttributeMetadata and EntityKeyMetadata as the Web API returns them (the properties the emulator knows).</summary>
internal static class MetadataJson
{
    public static Dictionary<string, object?> Table(TableDefinition table) => new()
    {
        ["MetadataId"] = table.MetadataId,
        ["LogicalName"] = table.LogicalName,
        ["SchemaName"] = table.SchemaName,
        ["EntitySetName"] = table.EntitySetName,
        ["LogicalCollectionName"] = table.EntitySetName,
        ["PrimaryIdAttribute"] = table.PrimaryIdAttribute,
        ["PrimaryNameAttribute"] = table.PrimaryNameAttribute,
        ["ChangeTrackingEnabled"] = table.ChangeTrackingEnabled,
        ["IsCustomEntity"] = table.IsCustom,
        ["OwnershipType"] = table.OwnershipType,
    };

    public static Dictionary<string, object?> Column(ColumnDefinition column)
    {
        var (metadataType, attributeType) = Names(column);
        var json = new Dictionary<string, object?>
        {
            ["@odata.type"] = $"#Microsoft.Dynamics.CRM.{metadataType}",
            ["MetadataId"] = column.MetadataId,
            ["LogicalName"] = column.LogicalName,
            ["SchemaName"] = column.SchemaName,
            ["AttributeType"] = attributeType,
            ["AttributeTypeName"] = new Dictionary<string, string> { ["Value"] = $"{attributeType}Type" },
            ["IsCustomAttribute"] = column.IsCustom,
            ["IsPrimaryId"] = column.IsPrimaryId,
            ["IsPrimaryName"] = column.IsPrimaryName,
        };
        if (column.MaxLength is int maxLength)
        {
            json["MaxLength"] = maxLength;
        }
        if (column.Precision is int precision)
        {
            json["Precision"] = precision;
        }
        if (column.Type is ColumnType.DateTime or ColumnType.DateOnly)
        {
            json["Format"] = column.Type == ColumnType.DateOnly ? "DateOnly" : "DateAndTime";
            json["DateTimeBehavior"] = new Dictionary<string, string> { ["Value"] = column.Type == ColumnType.DateOnly ? "DateOnly" : "UserLocal" };
        }
        if (column.IsLookup)
        {
            json["Targets"] = column.Targets.Select(t => t.Table).ToArray();
        }
        return json;
    }

    public static Dictionary<string, object?> Key(TableDefinition table, AlternateKeyDefinition key) => new()
    {
        ["MetadataId"] = key.MetadataId,
        ["LogicalName"] = key.LogicalName,
        ["SchemaName"] = key.SchemaName,
        ["EntityLogicalName"] = table.LogicalName,
        ["KeyAttributes"] = key.KeyAttributes,
        ["EntityKeyIndexStatus"] = key.Status.ToString(),
    };

    private static (string MetadataType, string AttributeType) Names(ColumnDefinition column) => column.Type switch
    {
        ColumnType.String => ("StringAttributeMetadata", "String"),
        ColumnType.Memo => ("MemoAttributeMetadata", "Memo"),
        ColumnType.Integer => ("IntegerAttributeMetadata", "Integer"),
        ColumnType.BigInt => ("BigIntAttributeMetadata", "BigInt"),
        ColumnType.Decimal => ("DecimalAttributeMetadata", "Decimal"),
        ColumnType.Money => ("MoneyAttributeMetadata", "Money"),
        ColumnType.Boolean => ("BooleanAttributeMetadata", "Boolean"),
        ColumnType.DateTime or ColumnType.DateOnly => ("DateTimeAttributeMetadata", "DateTime"),
        ColumnType.Lookup => ("LookupAttributeMetadata", "Lookup"),
        ColumnType.Owner => ("LookupAttributeMetadata", "Owner"),
        ColumnType.Picklist => ("PicklistAttributeMetadata", "Picklist"),
        ColumnType.State => ("StateAttributeMetadata", "State"),
        ColumnType.Status => ("StatusAttributeMetadata", "Status"),
        _ => ("AttributeMetadata", "Uniqueidentifier"),
    };
}
