namespace CrmSuite.Connector.Crm;

/// <summary>The CRM reads behind the admin's upgrade status view: where every proposal stands, across all accounts.</summary>
internal interface ICrmUpgradeStatus
{
    /// <summary>How many proposals each playbook has in each status (only the pairs that have one), by playbook then status.</summary>
    Task<IReadOnlyList<ProposalStatusCount>> CountProposalsAsync(CancellationToken cancellationToken);
}

/// <summary>The number of proposals of one playbook in one status.</summary>
internal sealed record ProposalStatusCount(string PlaybookId, ProposalStatus Status, long Proposals);
