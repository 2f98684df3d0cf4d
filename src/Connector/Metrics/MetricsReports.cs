using Microsoft.Extensions.Options;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Metrics;

/// <summary>What a report is asked for: the period (both days included), the grouping and the filter.</summary>
internal sealed record MetricsQuery(DateOnly From, DateOnly To, MetricsGrouping By, MetricsFilter Filter);

/// <summary>
/// Builds a metrics report: reads the ledger and transitions from the state store and the activity from the CRM (both
/// read only, streamed, each read ahead of the fold on a thread of its own), folds them in the engine, then reads usage
/// history for the upgraded accounts only. A CRM adapter without activity reads (Dataverse today) yields a report from
/// the store alone.
/// </summary>
internal sealed class MetricsReports(IMetricsStore store, IEnumerable<ICrmActivity> crm, IOptions<MetricsSettings> settings, ISuppressedTouches suppressed)
{
    /// <summary>The touches suppressed in the query's period (its days in UTC), by rule and playbook.</summary>
    public Task<IReadOnlyList<SuppressedCount>> SuppressedAsync(MetricsQuery query, CancellationToken cancellationToken) =>
        suppressed.CountSuppressedAsync(
            new DateTimeOffset(query.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            new DateTimeOffset(query.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            cancellationToken);

    private readonly ICrmActivity? _crm = crm.FirstOrDefault();

    public async Task<MetricsReport> BuildAsync(MetricsQuery query, CancellationToken cancellationToken)
    {
        var request = new MetricsRequest(query.From, query.To, query.By, settings.Value.ToOptions(), query.Filter);
        MetricsActivity activity;
        if (_crm is null)
        {
            activity = MetricsActivity.None with { Transitions = ReadAhead.Of(store.ReadTransitions()) };
        }
        else
        {
            // The two reads the fold needs whole go side by side (two cores); the streamed ones are each read a few
            // batches ahead of the fold on the other core.
            var profiles = Task.Run(() => _crm.ReadProfilesAsync(cancellationToken), cancellationToken);
            var proposals = Task.Run(() => _crm.ReadProposalRecordsAsync(cancellationToken), cancellationToken);
            activity = new MetricsActivity(await profiles, ReadAhead.Of(store.ReadTransitions()), await proposals, ReadAhead.Of(_crm.ReadTaskRecords()));
        }

        var fold = MetricsCalculator.Fold(request, activity, ReadAhead.Of(store.ReadLedger()));
        cancellationToken.ThrowIfCancellationRequested();
        var usage = _crm is not null && await _crm.HasUsageHistoryAsync(cancellationToken)
            ? _crm.ReadUsageHistory([.. fold.Upgrades.Select(u => u.AccountId).Distinct(StringComparer.Ordinal)])
            : null;
        return fold.Report(usage);
    }

    /// <summary>The experiments report for a period: each experiment's treated and held-out accounts compared (docs/metrics.md).</summary>
    public ExperimentReport BuildExperiments(DateOnly from, DateOnly to)
    {
        var s = settings.Value;
        var request = new ExperimentRequest(from, to, s.ToOptions(), s.ExperimentMinAccountsPerGroup);
        return ExperimentCalculator.Compute(request, store.ReadExperimentMembers(), store.ReadLedger(), store.ReadVariantMembers());
    }
}
