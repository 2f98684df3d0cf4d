using System.Collections.Immutable;

namespace CrmSuite.Connector.Crm.Dataverse.Schema;

/// <summary>The kinds of column CrmSuite uses (docs/dataverse-schema.md, "Types").</summary>
internal enum ColumnKind
{
    String,
    Memo,
    Integer,
    Decimal,
    DateOnly,
    DateTime,
    Lookup,
}

/// <summary>One column CrmSuite needs on a table.</summary>
/// <param name="SchemaName">
/// The column's schema name, e.g. <c>cs_seatsused</c>; its logical name is the lower-case form. A custom lookup's schema
/// name is also its navigation property (<c>cs_AccountId@odata.bind</c>), so it is spelled as the gateway writes it.
/// </param>
/// <param name="Size">MaxLength of a String or Memo, Precision of a Decimal.</param>
/// <param name="Target">The table a Lookup points to.</param>
internal sealed record ColumnDefinition(string SchemaName, ColumnKind Kind, int Size = 0, string? Target = null)
{
    public string LogicalName => SchemaName.ToLowerInvariant();

    /// <summary>The AttributeType Dataverse reports for the column.</summary>
    public string AttributeType => Kind switch
    {
        ColumnKind.DateOnly => "DateTime",
        _ => Kind.ToString(),
    };

    public string Describe() => Kind switch
    {
        ColumnKind.String or ColumnKind.Memo => $"{Kind}({Size})",
        ColumnKind.Decimal => $"Decimal({Size})",
        ColumnKind.Lookup => $"Lookup → {Target}",
        _ => Kind.ToString(),
    };
}

/// <summary>An alternate key: its schema name and the columns it is made of.</summary>
internal sealed record KeyDefinition(string LogicalName, ImmutableArray<string> Columns);

/// <summary>What the connector does with a table's rows, which decides the privileges its application user needs.</summary>
[Flags]
internal enum TableAccess
{
    Read = 1,
    Create = 2,
    Write = 4,
    Append = 8,
    AppendTo = 16,
    Assign = 32,
}

/// <summary>
/// One table CrmSuite reads or writes. A standard table exists in every organisation and only gets custom columns and
/// keys; a custom table is created whole.
/// </summary>
/// <param name="PrivilegeName">The name in the table's privilege names (<c>prvReadAccount</c>, <c>prvCreateActivity</c> for a task).</param>
internal sealed record TableDefinition(
    string LogicalName,
    string EntitySetName,
    string DisplayName,
    string DisplayCollectionName,
    bool IsCustom,
    bool NeedsChangeTracking,
    ImmutableArray<ColumnDefinition> Columns,
    ImmutableArray<KeyDefinition> Keys,
    TableAccess Access,
    string PrivilegeName)
{
    /// <summary>The primary name column of a custom table.</summary>
    public const string PrimaryName = "cs_name";

    public const int PrimaryNameLength = 200;

    /// <summary>The privileges the application user needs on this table, e.g. <c>prvReadAccount</c>.</summary>
    public IEnumerable<string> Privileges() =>
        Enum.GetValues<TableAccess>().Where(a => Access.HasFlag(a)).Select(a => $"prv{a}{PrivilegeName}");
}
