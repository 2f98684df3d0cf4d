using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Crm;

/// <summary>What became of a task: still open, completed by the CSM, or superseded when its playbook moved on.</summary>
internal enum CrmTaskStatus
{
    Open,
    Completed,
    Superseded,
}

/// <summary>A task as a history left it (demo history): the write that opened it and what became of it.</summary>
/// <param name="OwnerId">The CSM who owns it (the account's CSM when it was opened).</param>
/// <param name="ClosedAt">When it was completed or superseded.</param>
/// <param name="ClosedReason">For a superseded task, the transition that closed it.</param>
internal sealed record CrmTaskHistory(CrmTask Task, string? OwnerId, CrmTaskStatus Status, string? Outcome, DateTimeOffset? ClosedAt, string? ClosedReason);

/// <summary>A proposal as a history left it: the write that issued it and the customer's answer, if any.</summary>
internal sealed record CrmProposalHistory(
    CrmProposal Proposal, ProposalStatus Status, DateOnly? AnsweredOn, DateTimeOffset? AnsweredAt, string? AnsweredBy, string? DeclineReason);

/// <summary>A task outcome recorded in the CRM and already applied by the connector, with what applying it did.</summary>
internal sealed record CrmTaskEventHistory(
    string TaskKey, string AccountId, string PlaybookId, string State, string Outcome, DateTimeOffset CreatedAt, string Result);

/// <summary>A proposal answer or expiry recorded in the CRM and already applied by the connector, with what applying it did.</summary>
internal sealed record CrmProposalEventHistory(
    string ProposalKey, string AccountId, string PlaybookId, string State, ProposalEventKind Kind, string? Reason, DateTimeOffset CreatedAt, string Result);

/// <summary>Everything one account's history wrote to the CRM beside its records, loaded with them.</summary>
internal sealed record CrmAccountHistory(
    IReadOnlyList<CrmTaskHistory> Tasks,
    IReadOnlyList<CrmProposalHistory> Proposals,
    IReadOnlyList<CrmPlaybookStage> Stages,
    IReadOnlyList<CrmTaskEventHistory> TaskEvents,
    IReadOnlyList<CrmProposalEventHistory> ProposalEvents,
    IReadOnlyList<LicenseChange> LicenseChanges);

/// <summary>The highest event ids a load wrote, so the state store can record them as applied.</summary>
internal readonly record struct CrmEventIds(long TaskEvents, long ProposalEvents);

/// <summary>Reason text helpers shared by every place that spells a reason for the CRM.</summary>
internal static class CrmReasons
{
    /// <summary>Why a stage moving on closed a task of an earlier step, as the CRM records it.</summary>
    public static string Superseded(Reason reason, string line) => $"superseded: {reason.From} -> {reason.To} ({line})";
}
