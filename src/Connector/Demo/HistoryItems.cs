using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Demo;

/// <summary>A task in the simulated CRM: what opened it, what became of it, and the CSM's planned answer.</summary>
internal sealed class HistoryTask(CrmTask task, string? ownerId, PlannedAnswer? plan)
{
    public CrmTask Task { get; } = task;

    public PlannedAnswer? Plan { get; } = plan;

    public CrmTaskStatus Status { get; set; } = CrmTaskStatus.Open;

    public string? Outcome { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosedReason { get; set; }

    public CrmTaskHistory ToHistory() => new(Task, ownerId, Status, Outcome, ClosedAt, ClosedReason);
}

/// <summary>A proposal in the simulated CRM: what issued it, the customer's answer so far, and their planned answer.</summary>
internal sealed class HistoryProposal(CrmProposal proposal, PlannedAnswer? plan)
{
    public CrmProposal Proposal { get; } = proposal;

    public PlannedAnswer? Plan { get; } = plan;

    public ProposalStatus Status { get; set; } = ProposalStatus.Issued;

    public DateOnly? AnsweredOn { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public string? AnsweredBy { get; set; }

    public string? DeclineReason { get; set; }

    /// <summary>Open again after the license transition refused the acceptance (no answer recorded).</summary>
    public void Reopen()
    {
        Status = ProposalStatus.Issued;
        AnsweredOn = null;
        AnsweredAt = null;
        AnsweredBy = null;
        DeclineReason = null;
    }

    /// <param name="document">The document to store with it (the history renders only the proposals still open).</param>
    public CrmProposalHistory ToHistory(string? document) =>
        new(Proposal with { DocumentHtml = document }, Status, AnsweredOn, AnsweredAt, AnsweredBy, DeclineReason);
}
