using CrmSuite.Connector.Locking;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// The checks the read-only verbs (preview, sync --dry-run) make before reading: a CRM kept in a local file must exist,
/// because opening a missing one would create it.
/// </summary>
internal static class ReadOnlyData
{
    /// <summary>A message naming the missing CRM file, or null when every local CRM file exists.</summary>
    public static string? MissingCrm(IEnumerable<DataFile> files) =>
        files.FirstOrDefault(f => f.Role.HasFlag(DataWrites.Crm) && !File.Exists(f.Path)) is { } missing
            ? $"no CRM data at {missing.Path}: load one first (crmsuite demo seed, crmsuite import) or point --crm-db at it; nothing was created"
            : null;
}
