namespace CrmSuite.Connector.Store;

/// <summary>One currency's MRR on a day.</summary>
internal readonly record struct MrrTotal(string Currency, int PayingAccounts, decimal Mrr);

/// <summary>The MRR ledger's reporting side (movements are written with each page).</summary>
internal interface IMrrLedger
{
    /// <summary>
    /// Writes the day's MRR totals per currency from the last-seen licenses; re-running it for the same day replaces the
    /// day's rows, so a retried job changes nothing.
    /// </summary>
    Task<IReadOnlyList<MrrTotal>> SnapshotMrrAsync(DateOnly day, CancellationToken cancellationToken);
}
