using System.Diagnostics.Metrics;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// The sync's metrics (meter <c>CrmSuite.Connector.Sync</c>), for OpenTelemetry or <c>dotnet-counters</c>: what the
/// progress lines say, as counters, plus the time a page takes.
/// </summary>
internal static class SyncMetrics
{
    public const string MeterName = "CrmSuite.Connector.Sync";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Accounts = Meter.CreateCounter<long>("crmsuite.sync.accounts", "{account}", "Accounts evaluated.");
    public static readonly Counter<long> Pages = Meter.CreateCounter<long>("crmsuite.sync.pages", "{page}", "Pages committed.");
    public static readonly Counter<long> Transitions = Meter.CreateCounter<long>("crmsuite.sync.transitions", "{transition}", "Playbook transitions.");
    public static readonly Counter<long> Tasks = Meter.CreateCounter<long>("crmsuite.sync.tasks", "{task}", "CSM tasks written to the outbox.");
    public static readonly Counter<long> Proposals = Meter.CreateCounter<long>("crmsuite.sync.proposals", "{proposal}", "Proposals written to the outbox.");
    public static readonly Counter<long> Quarantined = Meter.CreateCounter<long>("crmsuite.sync.quarantined", "{record}", "CRM records quarantined.");
    public static readonly Counter<long> Delivered = Meter.CreateCounter<long>("crmsuite.outbox.delivered", "{write}", "CRM writes delivered.");
    public static readonly Counter<long> DeliveryFailures = Meter.CreateCounter<long>("crmsuite.outbox.failed", "{write}", "CRM writes refused, left pending.");

    public static readonly Histogram<double> PageDuration =
        Meter.CreateHistogram<double>("crmsuite.sync.page.duration", "s", "Time to load, evaluate and commit one page.");
}
