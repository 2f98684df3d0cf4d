namespace CrmSuite.DataverseEmulator.Schema;

/// <summary>The Dataverse attribute types the emulator stores (AttributeTypeCode names).</summary>
public enum ColumnType
{
    Uniqueidentifier,
    String,
    Memo,
    Integer,
    BigInt,
    Decimal,
    Money,
    Boolean,
    DateTime,
    DateOnly,
    Lookup,
    Owner,
    Picklist,
    State,
    Status,
}
