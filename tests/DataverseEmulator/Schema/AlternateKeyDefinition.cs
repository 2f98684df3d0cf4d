namespace CrmSuite.DataverseEmulator.Schema;

/// <summary>An alternate key (EntityKeyMetadata). Its index is built by a background job: Pending, then Active.</summary>
public sealed class AlternateKeyDefinition(string schemaName, IReadOnlyList<string> keyAttributes, KeyStatus status, int readsUntilActive)
{
    public Guid MetadataId { get; } = Guid.NewGuid();
    public string SchemaName { get; } = schemaName;
    public string LogicalName { get; } = schemaName.ToLowerInvariant();
    public IReadOnlyList<string> KeyAttributes { get; } = keyAttributes;
    public KeyStatus Status { get; internal set; } = status;

    /// <summary>How many more metadata reads of the key leave it Pending (the emulated background job).</summary>
    internal int ReadsUntilActive { get; set; } = readsUntilActive;
}
