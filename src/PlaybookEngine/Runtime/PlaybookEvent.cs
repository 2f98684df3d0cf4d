namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>The kinds of CRM event a playbook can react to, each matching a <see cref="Playbooks.TriggerKind"/> of a transition.</summary>
public enum PlaybookEventKind
{
    /// <summary>A CSM completed a task with one of its allowed outcomes; <see cref="PlaybookEvent.Name"/> is the outcome.</summary>
    TaskOutcome,

    /// <summary>The customer accepted the proposal the instance's state issued.</summary>
    ProposalAccepted,

    /// <summary>The customer declined it.</summary>
    ProposalDeclined,

    /// <summary>It expired unanswered (the time-trigger sweep reports this).</summary>
    ProposalExpired,
}

/// <summary>Something that happened in the CRM and may fire a transition of the current state.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Name">For a task outcome, the outcome's name; empty otherwise.</param>
public sealed record PlaybookEvent(PlaybookEventKind Kind, string Name = "")
{
    /// <summary>
    /// The key of the task or proposal the event answers, when known. The event then applies only while that task or
    /// proposal belongs to the instance's current visit of its state: an answer to one opened on an earlier visit is stale.
    /// </summary>
    public string? Key { get; init; }

    /// <summary>A task completed with <paramref name="outcome"/>, one of the outcomes the task allows.</summary>
    public static PlaybookEvent Outcome(string outcome) => new(PlaybookEventKind.TaskOutcome, outcome);

    /// <summary>The event as a playbook author writes its trigger, e.g. <c>outcome agreed</c>, for logs and messages.</summary>
    public override string ToString() => Kind switch
    {
        PlaybookEventKind.TaskOutcome => $"outcome {Name}",
        PlaybookEventKind.ProposalAccepted => "proposal accepted",
        PlaybookEventKind.ProposalDeclined => "proposal declined",
        _ => "proposal expired",
    };
}
