using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Simulation;

/// <summary>A simulated person's answer, planned when the task or proposal reaches them: on which day, and what.</summary>
internal readonly record struct PlannedAnswer(DateOnly On, string Answer);

/// <summary>A task in the simulated CRM: what opened it, what became of it, and a planned answer if someone plans one.</summary>
internal sealed class SimulatedTask(CrmTask task, string? ownerId)
{
    public CrmTask Task { get; } = task;

    public PlannedAnswer? Plan { get; set; }

    public CrmTaskStatus Status { get; set; } = CrmTaskStatus.Open;

    public string? Outcome { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosedReason { get; set; }

    public CrmTaskHistory ToHistory() => new(Task, ownerId, Status, Outcome, ClosedAt, ClosedReason);
}

/// <summary>A proposal in the simulated CRM: what issued it, the customer's answer so far, and a planned answer if any.</summary>
internal sealed class SimulatedProposal(CrmProposal proposal)
{
    public CrmProposal Proposal { get; } = proposal;

    public PlannedAnswer? Plan { get; set; }

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
