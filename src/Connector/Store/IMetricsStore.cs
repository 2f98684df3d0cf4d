using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Store;

/// <summary>The state store's side of the metrics, read only and streamed: the MRR ledger and the playbook transitions.</summary>
internal interface IMetricsStore
{
    /// <summary>Every ledger row, grouped by account (as <see cref="MetricsCalculator.Fold"/> needs), on a read-only connection of its own.</summary>
    IEnumerable<LedgerEntry> ReadLedger();

    /// <summary>Every transition of the audit log, on a read-only connection of its own.</summary>
    IEnumerable<TransitionRecord> ReadTransitions();

    /// <summary>Every instance assigned under an experiment: its playbook, experiment, account and group, on a read-only connection of its own.</summary>
    IEnumerable<ExperimentMember> ReadExperimentMembers();

    /// <summary>Every message variant recorded for an account (<c>message_variants</c>), on a read-only connection of its own.</summary>
    IEnumerable<VariantMember> ReadVariantMembers();

    /// <summary>
    /// A number that changes whenever anything is committed to the store (by this process or another), so a report
    /// computed from it can be kept until then; equal numbers mean nothing was committed in between.
    /// </summary>
    long ChangeVersion();
}
