namespace CrmSuite.DataverseEmulator.Store;

/// <summary>
/// One stored row. Values are keyed by column logical name: string, int, long, decimal, bool, DateTimeOffset,
/// DateOnly, Guid or <see cref="EntityReference"/> (lookups). A row is never mutated once stored: a write stores a copy.
/// </summary>
public sealed class Row(Guid id, IReadOnlyDictionary<string, object?> values)
{
    public Guid Id { get; } = id;
    public IReadOnlyDictionary<string, object?> Values { get; } = values;
    public long Version => (long)Values["versionnumber"]!;

    public object? this[string column] => Values.GetValueOrDefault(column);
}
