using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Store;

/// <summary>What the store knows about one page of accounts, loaded in one round trip: instances and last-seen licenses.</summary>
internal sealed class PageState
{
    private static readonly IReadOnlyList<PlaybookInstance> NoInstances = [];

    public Dictionary<string, List<PlaybookInstance>> Instances { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, MrrSnapshot> Snapshots { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<PlaybookInstance> InstancesOf(string accountId) =>
        Instances.TryGetValue(accountId, out var list) ? list : NoInstances;

    public void Clear()
    {
        Instances.Clear();
        Snapshots.Clear();
    }
}
