using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Licensing;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Sync;

/// <summary>What recording a customer's answer did: the CRM's answer, the events processed at once, and whether some are left pending.</summary>
internal sealed record ProposalAnswerOutcome(ProposalAnswerResult Answer, IReadOnlyList<ProposalEventResult> Processed, bool Pending);

/// <summary>What applying one proposal event did: to the license (for an acceptance) and to the playbook.</summary>
internal sealed record ProposalEventResult(long EventId, string ProposalKey, ProposalEventKind Kind, LicenseTransitionResult? License, EventApplication Playbook)
{
    /// <summary>As the CRM stores it on the event.</summary>
    public override string ToString() => License is { } license
        ? $"{Playbook}; license {license.Outcome.ToString().ToLowerInvariant()}: {license.Detail}"
        : Playbook.ToString();
}

/// <summary>
/// Applies the proposal events recorded in the CRM — answers and expiries — in order, each exactly once: for an acceptance
/// the license transition first (idempotent by the proposal's key), then <c>on proposal accepted|declined|expired</c> on
/// the playbook — unless the entitlement check refused the change: then the playbook stays, the proposal is open again
/// and the CSM gets a task saying why — committed like a sync page with the event's id as the <see cref="Watermarks.ProposalEvents"/> watermark;
/// then the event is marked processed in the CRM. A crash anywhere re-runs at most the idempotent license step.
/// </summary>
internal sealed partial class ProposalEventProcessor(
    ICrmProposals proposals,
    CrmEventApplier applier,
    LicenseTransition licenses,
    ISyncRuns runs,
    OutboxDispatcher dispatcher,
    TimeProvider time,
    IOptions<SyncOptions> options,
    ILogger<ProposalEventProcessor> logger)
{
    private readonly TimeZoneInfo _timeZone = options.Value.ResolveTimeZone();

    /// <summary>Records the answer in the CRM and, when that recorded an event, applies it at once and delivers the outbox.</summary>
    public async Task<ProposalAnswerOutcome> AnswerAsync(ProposalAnswerRequest request, CancellationToken cancellationToken)
    {
        var answer = await proposals.AnswerProposalAsync(request, cancellationToken);
        if (answer.Outcome != ProposalAnswerStatus.Answered)
        {
            return new ProposalAnswerOutcome(answer, [], false);
        }

        LogAnswered(request.Key, request.Answer, answer.EventId ?? 0);
        try
        {
            var processed = await ProcessPendingAsync(cancellationToken);
            await dispatcher.DispatchAsync(cancellationToken);
            return new ProposalAnswerOutcome(answer, processed, false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogProcessingFailed(ex, request.Key, answer.EventId ?? 0);
            return new ProposalAnswerOutcome(answer, [], true);
        }
    }

    /// <summary>Marks the proposals whose validity ended as expired (each with its event) and applies the events.</summary>
    public async Task<IReadOnlyList<ProposalEventResult>> ExpireAndProcessAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expired = await proposals.ExpireProposalsAsync(EvaluationContext.DayOf(now, _timeZone), now, cancellationToken);
        if (expired > 0)
        {
            LogExpired(expired);
        }

        return await ProcessPendingAsync(cancellationToken);
    }

    /// <summary>Applies every pending proposal event, oldest first. The outbox is left to the caller.</summary>
    public async Task<IReadOnlyList<ProposalEventResult>> ProcessPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await proposals.ReadPendingProposalEventsAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return [];
        }

        await using var scope = await EventRunScope.OpenAsync(runs, time, Watermarks.ProposalEvents, cancellationToken);
        var results = new List<ProposalEventResult>(pending.Count);
        try
        {
            foreach (var e in pending)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // The license step comes first and is idempotent: a crash after it re-runs it as a no-op.
                var license = e.Kind == ProposalEventKind.Accepted ? await licenses.ApplyAsync(e, time.GetUtcNow(), cancellationToken) : null;
                EventApplication playbook;
                if (e.Id <= scope.Applied)
                {
                    playbook = new EventApplication(EventResultKind.AlreadyApplied, "applied before a restart; only marked now", null, 0, 0);
                }
                else
                {
                    var runId = await scope.RunIdAsync(cancellationToken);
                    if (license is { Outcome: LicenseTransitionOutcome.Refused })
                    {
                        // The license cannot follow the customer's yes: nothing moves, the proposal can be answered again, the
                        // CSM learns why. Reopening is idempotent; the commit carries the task and moves the watermark.
                        await proposals.ReopenProposalAsync(e.ProposalKey, cancellationToken);
                        playbook = await applier.CommitAsync(runId, Watermarks.ProposalEvents, e.Id, license.Task is { } task ? [task] : [],
                            new EventApplication(EventResultKind.Refused, $"license change refused, playbook not moved: {license.Detail}", null, 0, 0), cancellationToken);
                    }
                    else
                    {
                        playbook = await applier.ApplyAsync(e.AccountId, e.PlaybookId, e.State, Event(e.Kind) with { Key = e.ProposalKey },
                            $"event #{e.Id} (proposal {e.ProposalKey} {e.Kind.ToString().ToLowerInvariant()})", runId, Watermarks.ProposalEvents, e.Id,
                            license?.Change, cancellationToken);
                    }

                    scope.Applied = e.Id;
                }

                var result = new ProposalEventResult(e.Id, e.ProposalKey, e.Kind, license, playbook);
                var text = result.ToString();
                await proposals.MarkProposalEventProcessedAsync(e.Id, text, time.GetUtcNow(), CancellationToken.None);
                LogProcessed(e.Id, e.ProposalKey, e.Kind, text);
                results.Add(result);
            }

            scope.Completed();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            scope.Cancelled();
            throw;
        }

        return results;
    }

    private static PlaybookEvent Event(ProposalEventKind kind) => kind switch
    {
        ProposalEventKind.Accepted => new PlaybookEvent(PlaybookEventKind.ProposalAccepted),
        ProposalEventKind.Declined => new PlaybookEvent(PlaybookEventKind.ProposalDeclined),
        _ => new PlaybookEvent(PlaybookEventKind.ProposalExpired),
    };

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Proposal {ProposalKey} answered {Answer} (event #{EventId})")]
    private partial void LogAnswered(string proposalKey, ProposalAnswer answer, long eventId);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Proposal event #{EventId} ({ProposalKey}, {Kind}): {Result}")]
    private partial void LogProcessed(long eventId, string proposalKey, ProposalEventKind kind, string result);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Proposal {ProposalKey}: processing event #{EventId} failed; it stays pending and the next sync applies it")]
    private partial void LogProcessingFailed(Exception exception, string proposalKey, long eventId);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "{Count} proposal(s) expired unanswered")]
    private partial void LogExpired(int count);
}
