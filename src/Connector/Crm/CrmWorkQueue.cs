using System.Collections.Immutable;

namespace CrmSuite.Connector.Crm;

/// <summary>A CRM user a CSM can pick, with how many open tasks their accounts have.</summary>
internal sealed record CrmCsm(string Id, string Name, string Role, long OpenTasks);

/// <summary>A CSM's open tasks: the first <see cref="Tasks"/> of <see cref="Total"/>.</summary>
internal sealed record CrmTaskQueue(CrmCsm Csm, long Total, ImmutableArray<CrmOpenTask> Tasks);

/// <summary>An open task as the CRM holds it, with its account's name and the proposal issued in the same playbook step.</summary>
internal sealed record CrmOpenTask(CrmTask Task, string AccountName, CrmProposalState? Proposal);

/// <summary>An open proposal as the work queue shows it: the account, what it proposes and its document.</summary>
internal sealed record CrmOpenProposal(
    string Key,
    string AccountId,
    string AccountName,
    string PlaybookId,
    string State,
    string OfferId,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    PlaybookEngine.Runtime.Reason Reason,
    ProposalTerms? Terms,
    string? DocumentHtml);

/// <summary>A proposal and where it stands in the CRM.</summary>
internal sealed record CrmProposalState(string Key, string OfferId, DateOnly IssuedOn, DateOnly ExpiresOn, ProposalStatus Status);

/// <summary>Where a proposal stands with the customer.</summary>
internal enum ProposalStatus
{
    /// <summary>Sent, no answer yet.</summary>
    Issued,

    Accepted,

    Declined,

    Expired,

    Withdrawn,
}
