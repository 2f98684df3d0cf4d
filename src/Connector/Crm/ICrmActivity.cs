using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Crm;

/// <summary>
/// The CRM's side of the metrics, read only: accounts' profiles, proposals and their answers, tasks and their outcomes,
/// and the usage history behind post-upgrade adoption. Large reads are streamed.
/// </summary>
internal interface ICrmActivity
{
    Task<IReadOnlyList<AccountProfile>> ReadProfilesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<ProposalRecord>> ReadProposalRecordsAsync(CancellationToken cancellationToken);

    /// <summary>Every task, streamed on a read-only connection of its own.</summary>
    IEnumerable<TaskRecord> ReadTaskRecords();

    /// <summary>False when the CRM keeps no usage history (the embedded CRM's <c>usage_history</c> table is absent or empty).</summary>
    Task<bool> HasUsageHistoryAsync(CancellationToken cancellationToken);

    /// <summary>The usage history of the given accounts, streamed.</summary>
    IEnumerable<UsageReading> ReadUsageHistory(IReadOnlyCollection<string> accountIds);
}
