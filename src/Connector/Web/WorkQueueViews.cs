using System.Collections.Immutable;
using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Web;

/// <summary>A CRM user a CSM can pick, with how many open tasks their accounts have.</summary>
internal sealed record CsmView(string Id, string Name, string Role, long OpenTasks, long Deferred = 0);

/// <summary>A CSM's open tasks, first <see cref="Tasks"/> of <see cref="Total"/>, by due date then priority.</summary>
internal sealed record WorkQueueView(CsmView Csm, DateOnly Today, long Total, IReadOnlyList<TaskView> Tasks);

/// <summary>
/// One open task as the work queue shows it. Every string is CRM text to be escaped by the page, except
/// <see cref="TalkTrackHtml"/> and <see cref="ScriptView.Html"/>: playbook Markdown rendered and sanitized on the server.
/// </summary>
/// <param name="Why">Why the task exists, as a list the CSM can read: the transition, its trigger and each signal value.</param>
internal sealed record TaskView(
    string Key,
    string AccountId,
    string AccountName,
    string Subject,
    DateOnly Due,
    bool Overdue,
    string Priority,
    string PlaybookId,
    string PlaybookTitle,
    int PlaybookVersion,
    string State,
    WhyView Why,
    ImmutableArray<string> Outcomes,
    string? TalkTrackHtml,
    IReadOnlyList<ScriptView> Objections,
    ProposalView? Proposal);

/// <summary>
/// A task's provenance: the transition (empty <see cref="From"/> for rows written before it was kept), its trigger, the
/// readings, the guardrails it passed and the plays it outranked (both empty for help and for rows written before).
/// </summary>
internal sealed record WhyView(
    string From, string To, string Trigger, IReadOnlyList<ReadingView> Readings, IReadOnlyList<string> Passed, IReadOnlyList<string> Outranked)
{
    public static WhyView Of(PlaybookEngine.Runtime.Reason reason) => new(reason.From, reason.To, reason.Trigger,
        reason.Readings.IsDefault ? [] : [.. reason.Readings.Select(r => new ReadingView(r.Signal, r.Value))],
        reason.Passed.IsDefault ? [] : [.. reason.Passed], reason.Outranked.IsDefault ? [] : [.. reason.Outranked]);
}

/// <summary>One signal's value when the transition fired.</summary>
internal sealed record ReadingView(string Signal, string Value);

/// <summary>An objection script: its topic (cost, implementation, training, …) and its sanitized HTML.</summary>
internal sealed record ScriptView(string Topic, string Html);

/// <summary>The proposal issued in the same playbook step as the task.</summary>
internal sealed record ProposalView(string Key, string OfferId, DateOnly IssuedOn, DateOnly ExpiresOn, string Status);

/// <summary>The body of <c>POST /api/tasks/{key}/complete</c>; a field it does not know is refused, not ignored.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
internal sealed record CompleteTaskRequest(string? Outcome);

/// <summary>The answer to a completed task: what the playbook did with the outcome.</summary>
/// <param name="Pending">True when the outcome is recorded but not yet applied; the next sync applies it.</param>
internal sealed record CompleteTaskResponse(string Key, string Outcome, long EventId, bool Pending, IReadOnlyList<OutcomeApplied> Applied);

/// <summary>One event delivered to its playbook while completing the task.</summary>
internal sealed record OutcomeApplied(long EventId, string TaskKey, string PlaybookId, EventResultKind Kind, string Result, string? NewState, int Tasks, int Proposals);

/// <summary>An open proposal as the work queue shows it, with its document (sanitized HTML, as the customer receives it).</summary>
/// <param name="Proposes">What it proposes in words, e.g. "professional x12 -> enterprise x15, 1,875.00 USD a month", or null without terms.</param>
internal sealed record ProposalQueueItem(
    string Key,
    string AccountId,
    string AccountName,
    string PlaybookId,
    string State,
    string OfferId,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    string? Proposes,
    WhyView Why,
    string? DocumentHtml);

/// <summary>The body of <c>POST /api/proposals/{key}/answer</c>; a field it does not know (a misspelt <c>reason</c>) is refused, not ignored.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
internal sealed record AnswerProposalRequest(string? Answer, string? Reason, string? By);

/// <summary>The answer to a recorded proposal answer: what the license and the playbook did with it.</summary>
internal sealed record AnswerProposalResponse(string Key, string Answer, long EventId, bool Pending, IReadOnlyList<ProposalApplied> Applied);

/// <summary>One proposal event applied while recording the answer.</summary>
internal sealed record ProposalApplied(long EventId, string ProposalKey, EventResultKind Kind, string Result, string? NewState, string? License, string? LicenseDetail);
