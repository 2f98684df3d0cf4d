namespace CrmSuite.Connector.Crm;

/// <summary>
/// The CRM port's proposal side. A proposal is open (<see cref="ProposalStatus.Issued"/>) until the customer accepts or
/// declines it, or its validity ends. Each of those is recorded in the CRM as a durable event in the same transaction as
/// the status change, read back in order by the connector and marked processed once applied; an event not yet marked is
/// read again after a crash, and the connector's own watermark makes sure it is applied once.
/// </summary>
internal interface ICrmProposals
{
    /// <summary>
    /// Records the customer's answer to an open proposal and its event, in one transaction. An unknown key, a proposal
    /// answered before, or one whose last valid day has passed changes nothing and says so.
    /// </summary>
    Task<ProposalAnswerResult> AnswerProposalAsync(ProposalAnswerRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Marks every open proposal whose last valid day is before <paramref name="today"/> as expired, each with its event,
    /// in one transaction; returns how many.
    /// </summary>
    Task<int> ExpireProposalsAsync(DateOnly today, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// The proposals <see cref="ExpireProposalsAsync"/> would mark expired today, as the expiry events it would record (id 0:
    /// not recorded yet), in key order; reads only (the dry run).
    /// </summary>
    Task<IReadOnlyList<ProposalEvent>> ReadExpiringProposalsAsync(DateOnly today, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Proposal events not yet marked processed, oldest first.</summary>
    Task<IReadOnlyList<ProposalEvent>> ReadPendingProposalEventsAsync(CancellationToken cancellationToken);

    /// <summary>Marks a proposal event processed with what processing did.</summary>
    Task MarkProposalEventProcessedAsync(long id, string result, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Opens an accepted proposal again (an acceptance the license could not follow): it can be answered again until its
    /// last valid day. A proposal in any other status is left as it is.
    /// </summary>
    Task ReopenProposalAsync(string key, CancellationToken cancellationToken);

    /// <summary>The proposal with its terms as issued, or null for an unknown key.</summary>
    Task<CrmProposalRecord?> ReadProposalAsync(string key, CancellationToken cancellationToken);
}
