namespace CrmSuite.PlaybookEngine.Runtime;

public enum PlaybookEventKind
{
    /// <summary>A CSM completed a task with one of its allowed outcomes; <see cref="PlaybookEvent.Name"/> is the outcome.</summary>
    TaskOutcome,
    ProposalAccepted,
    ProposalDeclined,
    ProposalExpired,
}

/// <summary>Something that happened in the CRM and may fire a transition of the current state.</summary>
public sealed record PlaybookEvent(PlaybookEventKind Kind, string Name = "")
{
    public static PlaybookEvent Outcome(string outcome) => new(PlaybookEventKind.TaskOutcome, outcome);

    public override string ToString() => Kind switch
    {
        PlaybookEventKind.TaskOutcome => $"outcome {Name}",
        PlaybookEventKind.ProposalAccepted => "proposal accepted",
        PlaybookEventKind.ProposalDeclined => "proposal declined",
        _ => "proposal expired",
    };
}
