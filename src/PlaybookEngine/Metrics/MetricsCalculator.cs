namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>
/// Computes metrics reports from the MRR ledger and the CRM's activity, without I/O. Two steps, so that the caller reads
/// usage history only for the accounts that upgraded: <see cref="Fold"/> reads the ledger and the activity once;
/// <see cref="MetricsFold.Report"/> adds adoption from that usage and returns the report.
/// </summary>
public static class MetricsCalculator
{
    /// <summary>
    /// Reads the activity and then the ledger, whose entries must come grouped by account (all of an account's entries
    /// one after the other, in any order among themselves), as the state store reads them.
    /// </summary>
    /// <exception cref="ArgumentException">The period ends before it starts.</exception>
    /// <exception cref="MetricsException">A currency without a rate, or a ledger not grouped by account.</exception>
    public static MetricsFold Fold(MetricsRequest request, MetricsActivity activity, IEnumerable<LedgerEntry> ledger)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(ledger);
        if (request.To < request.From)
        {
            throw new ArgumentException($"The period ends ({request.To:yyyy-MM-dd}) before it starts ({request.From:yyyy-MM-dd}).", nameof(request));
        }

        var fold = new MetricsFold(request, activity);
        fold.ReadLedger(ledger);
        fold.ReadTasks(activity.Tasks);
        return fold;
    }

    /// <summary>Both steps at once, for a caller that has the usage at hand (or none: pass null).</summary>
    public static MetricsReport Compute(MetricsRequest request, MetricsActivity activity, IEnumerable<LedgerEntry> ledger, IEnumerable<UsageReading>? usage) =>
        Fold(request, activity, ledger).Report(usage);
}
