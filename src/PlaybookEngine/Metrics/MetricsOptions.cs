namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>When a cancelled subscription's MRR leaves the ledger (vendors differ; docs/metrics.md).</summary>
public enum ChurnTiming
{
    /// <summary>On the day the cancellation was seen (the default: what the CRM shows is what the report shows).</summary>
    Cancellation,

    /// <summary>At the end of the period already paid for, when the cancellation carries it.</summary>
    PeriodEnd,
}

/// <summary>How a report splits its period into groups.</summary>
public enum MetricsGrouping
{
    /// <summary>No groups: the total only.</summary>
    None,

    /// <summary>Calendar months.</summary>
    Month,

    /// <summary>Calendar quarters.</summary>
    Quarter,

    /// <summary>The account's segment.</summary>
    Segment,

    /// <summary>The account's industry.</summary>
    Industry,

    /// <summary>The account's CSM.</summary>
    Csm,

    /// <summary>The playbooks the account has been in.</summary>
    Playbook,
}

/// <summary>The conventions and currency of a report (configuration section <c>Metrics</c>).</summary>
public sealed record MetricsOptions
{
    /// <summary>The ISO 4217 currency every figure is reported in.</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>
    /// How many units of <see cref="Currency"/> one unit of another currency is worth (EUR → 1.08 with USD). One rate per
    /// currency for the whole report, so exchange-rate moves never show as expansion or contraction.
    /// </summary>
    public IReadOnlyDictionary<string, decimal> Rates { get; init; } = new Dictionary<string, decimal>();

    /// <summary>When churn counts: at cancellation (default) or at the end of the paid period.</summary>
    public ChurnTiming ChurnAt { get; init; } = ChurnTiming.Cancellation;

    /// <summary>
    /// A churned account that pays again within this many days of churning is a reactivation; later it is new business
    /// again. Null (the default): any return is a reactivation.
    /// </summary>
    public int? ReactivationWindowDays { get; init; }

    /// <summary>A trial converts when the account reaches the trialled tier within this many days after the trial ends.</summary>
    public int TrialGraceDays { get; init; } = 14;
}

/// <summary>Which accounts a report covers; null fields do not filter.</summary>
/// <param name="Segment">Only accounts of this segment.</param>
/// <param name="Industry">Only accounts of this industry.</param>
/// <param name="CsmId">Only accounts this CSM owns.</param>
/// <param name="PlaybookId">Only accounts that have been in this playbook (and only its funnel, tasks and proposals).</param>
public sealed record MetricsFilter(string? Segment = null, string? Industry = null, string? CsmId = null, string? PlaybookId = null)
{
    /// <summary>No filter: every account.</summary>
    public static MetricsFilter None { get; } = new();
}

/// <summary>What a report is asked for: a period (both days included), a grouping, a filter and the conventions.</summary>
/// <param name="From">The first day of the period.</param>
/// <param name="To">The last day of the period.</param>
/// <param name="By">How to group.</param>
/// <param name="Options">Currency, rates and conventions.</param>
/// <param name="Filter">Which accounts; null for all.</param>
public sealed record MetricsRequest(DateOnly From, DateOnly To, MetricsGrouping By, MetricsOptions Options, MetricsFilter? Filter = null);

/// <summary>The ledger or the request cannot make a report: a currency without a rate, a ledger out of order.</summary>
public sealed class MetricsException : Exception
{
    /// <summary>Creates the exception with the message the user reads.</summary>
    public MetricsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception for a ledger currency that has no conversion rate.</summary>
    public MetricsException(string message, string currency)
        : base(message)
    {
        Currency = currency;
    }

    /// <summary>The currency without a rate, when that is the problem; otherwise null.</summary>
    public string? Currency { get; }

    /// <summary>Creates the exception with no message.</summary>
    public MetricsException()
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public MetricsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
