namespace CrmSuite.Connector.Store;

/// <summary>
/// The state store's side of the admin's upgrade status view: where every playbook's instances stand, and the license
/// transitions (accepted proposals' license changes) the MRR ledger recorded. Reads only; safe beside a running sync.
/// </summary>
internal interface IUpgradeOverview
{
    /// <summary>How many instances each playbook has in each state, by playbook then state.</summary>
    Task<IReadOnlyList<InstanceStateCount>> CountInstancesAsync(CancellationToken cancellationToken);

    /// <summary>The ledger's movements made by accepted proposals, latest day first, at most <paramref name="max"/>, with how many there are.</summary>
    Task<LicenseTransitions> ReadLicenseTransitionsAsync(int max, CancellationToken cancellationToken);
}

/// <summary>The number of instances of one playbook in one state.</summary>
internal sealed record InstanceStateCount(string PlaybookId, string State, long Instances);

/// <summary>The newest license transitions of the ledger (<see cref="Recent"/>) and how many it holds in all.</summary>
internal sealed record LicenseTransitions(long Total, IReadOnlyList<MrrMovement> Recent);
