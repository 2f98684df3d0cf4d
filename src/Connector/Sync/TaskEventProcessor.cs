using Microsoft.Extensions.Logging;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Sync;

/// <summary>What completing a task did: the CRM's answer, the events processed at once, and whether some are left pending.</summary>
/// <param name="Pending">True when processing failed after the completion was recorded: the next sync applies the event.</param>
internal sealed record TaskCompletionResult(TaskCompletion Completion, IReadOnlyList<TaskEventResult> Processed, bool Pending);

/// <summary>
/// Delivers the CSMs' task outcomes recorded in the CRM to their playbooks, one event at a time and in order: read the
/// account through the CRM port, prepare it as the sync does, load its instances, fire the outcome, and commit new state,
/// audit and outbox in ONE transaction exactly as a sync page does — with the event's id as the
/// <see cref="Watermarks.TaskEvents"/> watermark in the same transaction. Then the event is marked processed in the CRM.
/// </summary>
/// <remarks>
/// A crash before the state commit leaves the event pending and it is applied by the next run; a crash between the state
/// commit and the CRM mark leaves it pending too, but its id is at or below the watermark, so it is only marked, never
/// applied twice. Callers serialize runs with the sync (<see cref="SyncGate"/>).
/// </remarks>
internal sealed partial class TaskEventProcessor(
    ICrmTaskEvents events,
    CrmEventApplier applier,
    ISyncRuns runs,
    OutboxDispatcher dispatcher,
    TimeProvider time,
    ILogger<TaskEventProcessor> logger)
{
    /// <summary>
    /// Completes the task in the CRM and, when that recorded an event, processes the pending events at once and delivers
    /// the outbox, so the next task is in the CRM when this returns. A failure after the completion is recorded is logged
    /// and reported as <see cref="TaskCompletionResult.Pending"/>: the event is durable and the next sync applies it.
    /// </summary>
    public async Task<TaskCompletionResult> CompleteAsync(string key, string outcome, CancellationToken cancellationToken)
    {
        var completion = await events.CompleteTaskAsync(key, outcome, time.GetUtcNow(), cancellationToken);
        if (completion.Status != TaskCompletionStatus.Completed)
        {
            return new TaskCompletionResult(completion, [], false);
        }

        LogCompleted(key, outcome, completion.EventId ?? 0);
        try
        {
            var processed = await ProcessPendingAsync(cancellationToken);
            await dispatcher.DispatchAsync(cancellationToken);
            return new TaskCompletionResult(completion, processed, false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogProcessingFailed(ex, key, completion.EventId ?? 0);
            return new TaskCompletionResult(completion, [], true);
        }
    }

    /// <summary>Applies every pending task event, oldest first; returns what each did. The outbox is left to the caller.</summary>
    public async Task<IReadOnlyList<TaskEventResult>> ProcessPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await events.ReadPendingTaskEventsAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return [];
        }

        await using var scope = await EventRunScope.OpenAsync(runs, time, Watermarks.TaskEvents, cancellationToken);
        var results = new List<TaskEventResult>(pending.Count);
        try
        {
            foreach (var e in pending)
            {
                cancellationToken.ThrowIfCancellationRequested();
                EventApplication application;
                if (e.Id <= scope.Applied)
                {
                    // Applied before a crash kept the CRM from hearing so: mark it, never fire it twice.
                    application = new EventApplication(EventResultKind.AlreadyApplied, "applied before a restart; only marked now", null, 0, 0);
                }
                else
                {
                    var runId = await scope.RunIdAsync(cancellationToken);
                    application = await applier.ApplyAsync(e.AccountId, e.PlaybookId, e.State, PlaybookEvent.Outcome(e.Outcome) with { Key = e.TaskKey },
                        $"event #{e.Id} (task {e.TaskKey} completed: {e.Outcome})", runId, Watermarks.TaskEvents, e.Id, null, cancellationToken);
                    scope.Applied = e.Id;
                }

                var result = new TaskEventResult(e.Id, e.TaskKey, e.AccountId, e.PlaybookId, e.Outcome, application.Kind, application.Detail,
                    application.NewState, application.Tasks, application.Proposals);
                await events.MarkTaskEventProcessedAsync(e.Id, result, time.GetUtcNow(), CancellationToken.None);
                LogProcessed(e.Id, e.TaskKey, e.Outcome, result.Kind, result.Detail);
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

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Task {TaskKey} completed with outcome {Outcome} (event #{EventId})")]
    private partial void LogCompleted(string taskKey, string outcome, long eventId);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Task event #{EventId} ({TaskKey}, {Outcome}): {Kind}: {Detail}")]
    private partial void LogProcessed(long eventId, string taskKey, string outcome, EventResultKind kind, string detail);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Task {TaskKey}: processing event #{EventId} failed; it stays pending and the next sync applies it")]
    private partial void LogProcessingFailed(Exception exception, string taskKey, long eventId);
}
