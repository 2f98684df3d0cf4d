namespace CrmSuite.DataverseEmulator.Schema;

/// <summary>A table (EntityMetadata) with its columns and alternate keys. Mutated only under the store's lock.</summary>
public sealed class TableDefinition
{
    private readonly Dictionary<string, ColumnDefinition> columns = new(StringComparer.Ordinal);
    private readonly List<AlternateKeyDefinition> keys = [];

    public TableDefinition(string schemaName, string entitySetName, string primaryIdAttribute, string primaryNameAttribute, bool isCustom)
    {
        SchemaName = schemaName;
        LogicalName = schemaName.ToLowerInvariant();
        EntitySetName = entitySetName;
        PrimaryIdAttribute = primaryIdAttribute;
        PrimaryNameAttribute = primaryNameAttribute;
        IsCustom = isCustom;
    }

    public Guid MetadataId { get; } = Guid.NewGuid();
    public string SchemaName { get; }
    public string LogicalName { get; }
    public string EntitySetName { get; }
    public string PrimaryIdAttribute { get; }
    public string PrimaryNameAttribute { get; }
    public bool IsCustom { get; }
    public bool ChangeTrackingEnabled { get; set; }
    public string OwnershipType { get; init; } = "UserOwned";

    /// <summary>The table name used in privilege names: prvReadAccount, prvWriteActivity (task), prvReadcs_Subscription.</summary>
    public string PrivilegeName { get; init; } = "";

    /// <summary>statecode → the statuscode values allowed with it; the first is the default.</summary>
    public IReadOnlyDictionary<int, int[]> StateStatus { get; init; } = new Dictionary<int, int[]>();

    public IReadOnlyCollection<ColumnDefinition> Columns => columns.Values;
    public IReadOnlyList<AlternateKeyDefinition> Keys => keys;

    public ColumnDefinition? Column(string logicalName) => columns.GetValueOrDefault(logicalName);

    public ColumnDefinition PrimaryId => columns[PrimaryIdAttribute];

    internal void AddColumn(ColumnDefinition column) => columns.Add(column.LogicalName, column);

    internal void AddKey(AlternateKeyDefinition key) => keys.Add(key);
}
