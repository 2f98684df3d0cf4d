namespace CrmSuite.DataverseEmulator.Schema;

/// <summary>A column (attribute) of a table, as its attribute metadata describes it.</summary>
public sealed record ColumnDefinition(string LogicalName, string SchemaName, ColumnType Type)
{
    public Guid MetadataId { get; init; } = Guid.NewGuid();
    public int? MaxLength { get; init; }
    public int? Precision { get; init; }
    public IReadOnlyList<LookupTarget> Targets { get; init; } = [];
    public bool IsPrimaryId { get; init; }
    public bool IsPrimaryName { get; init; }
    public bool IsCustom { get; init; }

    /// <summary>Set by the platform only (versionnumber, createdon, modifiedon): a write names it → 400.</summary>
    public bool IsSystemSet { get; init; }

    public bool IsLookup => Type is ColumnType.Lookup or ColumnType.Owner;

    /// <summary>The read-side property of a lookup: <c>_regardingobjectid_value</c>.</summary>
    public string ValuePropertyName => IsLookup ? $"_{LogicalName}_value" : LogicalName;
}
