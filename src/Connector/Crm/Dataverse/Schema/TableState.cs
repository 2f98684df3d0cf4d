using System.Collections.Immutable;

namespace CrmSuite.Connector.Crm.Dataverse.Schema;

/// <summary>An alternate key as the organisation has it; <paramref name="Status"/> is its EntityKeyIndexStatus (Pending, InProgress, Active, Failed).</summary>
internal sealed record KeyState(string LogicalName, ImmutableArray<string> Columns, string Status)
{
    public bool IsActive => Status.Equals("Active", StringComparison.OrdinalIgnoreCase);

    public bool HasFailed => Status.Equals("Failed", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A table as the organisation has it: its change tracking, its columns (logical name → AttributeType) and its alternate keys.</summary>
internal sealed record TableState(string LogicalName, string? MetadataId, bool ChangeTrackingEnabled, ImmutableDictionary<string, string> Columns, ImmutableArray<KeyState> Keys);
