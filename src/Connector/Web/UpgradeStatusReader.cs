using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Web;

/// <summary>The admin's view of upgrade status across all accounts: every table of the page, when it was read, and the outbox's backlog.</summary>
internal sealed record UpgradeStatusView(DateTimeOffset ReadAt, IReadOnlyList<ReportTable> Tables);

/// <summary>How many rows the long lists hold: a page shows the newest few, a CSV export many more.</summary>
internal sealed record UpgradeStatusLimits(int Syncs, int Rows)
{
    public static readonly UpgradeStatusLimits Page = new(10, 50);

    public static readonly UpgradeStatusLimits Export = new(1000, 10_000);
}

/// <summary>
/// Reads the admin view from the CRM port (proposals by status) and the store ports (instances by state, license
/// transitions from the MRR ledger, last syncs, outbox backlog, quarantine, unplaced instances), as <see cref="ReportTable"/>s.
/// </summary>
internal sealed class UpgradeStatusReader(IStoreStatus store, IUpgradeOverview overview, ICrmUpgradeStatus crm, TimeProvider time)
{
    /// <summary>The tables in page order; a CSV export names one of them.</summary>
    public static readonly IReadOnlyList<string> TableIds =
        ["proposals", "instances", "license-transitions", "outbox", "syncs", "quarantine", "unplaced"];

    public async Task<UpgradeStatusView> ReadAsync(UpgradeStatusLimits limits, CancellationToken cancellationToken)
    {
        var readAt = time.GetUtcNow();
        var proposals = await crm.CountProposalsAsync(cancellationToken);
        var instances = await overview.CountInstancesAsync(cancellationToken);
        var transitions = await overview.ReadLicenseTransitionsAsync(limits.Rows, cancellationToken);
        var status = await store.ReadStatusAsync(limits.Syncs, limits.Rows, cancellationToken);
        return new UpgradeStatusView(readAt,
        [
            UpgradeStatusTables.Proposals(proposals),
            UpgradeStatusTables.Instances(instances),
            UpgradeStatusTables.LicenseTransitions(transitions),
            UpgradeStatusTables.Outbox(status),
            UpgradeStatusTables.Syncs(status),
            UpgradeStatusTables.Quarantine(status),
            UpgradeStatusTables.Unplaced(status),
        ]);
    }
}
