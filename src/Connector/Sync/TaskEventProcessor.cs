using System.Globalization;
using Microsoft.Extensions.Logging;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// Delivers the CSMs' task outcomes recorded in the embedded CRM to their playbooks, one event at a time and in order:
/// read the account from the CRM, load its instances, compute its signals, fire the outcome, and commit new state, audit
/// and outbox in ONE transaction exactly as a sync page does — with the event's id as the <see cref="EventsWatermark"/>
/// in the same transaction. Then the event is marked processed in the CRM.
/// </summary>
/// <remarks>
/// A crash before the state commit leaves the event pending and it is applied by the next run; a crash between the state
/// commit and the CRM mark leaves it pending too, but its id is at or below the watermark, so it is only marked, never
/// applied twice. Callers serialize runs with the sync (<c>ConnectorEngine.RunExclusiveAsync</c>).
/// </remarks>
internal sealed partial class TaskEventProcessor(
    EmbeddedCrmGateway crm,
    IStateStore store,
    IAccountEvaluator evaluator,
    OutboxDispatcher dispatcher,
    TimeProvider time,
    ILogger<TaskEventProcessor> logger)
{
    /// <summary>The watermark source of the last task event applied to the state store.</summary>
    public const string EventsWatermark = "crm.task_events";

    private readonly PageBuilder _page = new();
    private readonly PageState _state = new();
    private readonly List<QuarantineRules.Violation> _violations = [];

    /// <summary>
    /// Completes the task in the CRM and, when that recorded an event, processes the pending events at once and delivers
    /// the outbox, so the next task is in the CRM when this returns. A failure after the completion is recorded is logged
    /// and reported as <see cref="TaskCompletionResult.Pending"/>: the event is durable and the next sync applies it.
    /// </summary>
    public async Task<TaskCompletionResult> CompleteAsync(string key, string outcome, CancellationToken cancellationToken)
    {
        var completion = await crm.CompleteTaskAsync(key, outcome, time.GetUtcNow(), cancellationToken);
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
        var pending = await crm.ReadPendingTaskEventsAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return [];
        }

        var watermark = await store.GetWatermarkAsync(EventsWatermark, cancellationToken);
        var applied = watermark is null ? 0 : long.Parse(watermark, NumberStyles.None, CultureInfo.InvariantCulture);
        var results = new List<TaskEventResult>(pending.Count);
        long runId = 0;
        var status = "failed";
        try
        {
            foreach (var e in pending)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TaskEventResult result;
                if (e.Id <= applied)
                {
                    // Applied before a crash kept the CRM from hearing so: mark it, never fire it twice.
                    result = new TaskEventResult(e.Id, e.TaskKey, e.AccountId, e.PlaybookId, e.Outcome, "already applied", null, 0, 0);
                }
                else
                {
                    if (runId == 0)
                    {
                        runId = await store.BeginSyncAsync("events", watermark, time.GetUtcNow(), cancellationToken);
                    }

                    result = await ApplyAsync(e, runId, cancellationToken);
                    applied = e.Id;
                }

                await crm.MarkTaskEventProcessedAsync(e.Id, result.Result, time.GetUtcNow(), CancellationToken.None);
                LogProcessed(e.Id, e.TaskKey, e.Outcome, result.Result);
                results.Add(result);
            }

            status = "completed";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            status = "cancelled";
            throw;
        }
        finally
        {
            if (runId != 0)
            {
                await store.FinishSyncAsync(runId, status, time.GetUtcNow(), CancellationToken.None);
            }
        }

        return results;
    }

    private async Task<TaskEventResult> ApplyAsync(TaskEvent e, long runId, CancellationToken cancellationToken)
    {
        _page.Clear();
        var now = time.GetUtcNow();
        var (text, evaluation) = await EvaluateAsync(e, now, cancellationToken);
        if (evaluation is not null)
        {
            _page.Evaluated(e.AccountId, evaluation, now, $"event #{e.Id} (task {e.TaskKey} completed: {e.Outcome})");
        }

        // Committed even when nothing fired: the watermark moves past the event in the same transaction either way.
        await store.CommitPageAsync(_page.Build(runId, now, EventsWatermark, e.Id.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        return Describe(e, text, evaluation);
    }

    private async Task<(string? Skipped, AccountEvaluation? Evaluation)> EvaluateAsync(TaskEvent e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var records = await crm.ReadAccountsAsync([e.AccountId], cancellationToken);
        if (records.Count == 0)
        {
            return ("skipped: the account is no longer in the CRM", null);
        }

        var record = records[0];
        foreach (var subscription in record.Subscriptions)
        {
            _violations.Clear();
            if (!QuarantineRules.Check(subscription, _violations))
            {
                return ($"skipped: license {subscription.Id} is quarantined ({_violations[0].Field}: {_violations[0].Reason})", null);
            }
        }

        if (PrimarySubscription.Choose(record.Subscriptions) is not { } primary)
        {
            return ("skipped: the account has no subscription", null);
        }

        await store.LoadPageStateAsync([e.AccountId], _state, cancellationToken);
        var instances = _state.InstancesOf(e.AccountId);
        var instance = instances.FirstOrDefault(i => i.PlaybookId == e.PlaybookId);
        if (instance is null)
        {
            return ($"skipped: the account has no instance of playbook {e.PlaybookId}", null);
        }

        if (instance.State != e.State)
        {
            return ($"stale: the playbook moved on from {e.State} to {instance.State} before the outcome arrived", null);
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var context = new EvaluationContext(record.Account, SignalComputer.Compute(record.Account, primary, record.Usage, today), record.History, now);
        return (null, evaluator.FireEvent(instances, e.PlaybookId, PlaybookEvent.Outcome(e.Outcome), in context));
    }

    private static TaskEventResult Describe(TaskEvent e, string? skipped, AccountEvaluation? evaluation)
    {
        if (skipped is not null || evaluation is null)
        {
            return new TaskEventResult(e.Id, e.TaskKey, e.AccountId, e.PlaybookId, e.Outcome, skipped ?? "nothing to do", null, 0, 0);
        }

        string? from = null, to = null, refused = null;
        int tasks = 0, proposals = 0;
        foreach (var effect in evaluation.Effects)
        {
            if (effect.PlaybookId != e.PlaybookId)
            {
                continue;
            }

            switch (effect)
            {
                case TransitionEffect t:
                    from ??= t.From;
                    to = t.To;
                    break;
                case TaskEffect:
                    tasks++;
                    break;
                case ProposalEffect:
                    proposals++;
                    break;
                case SuppressedEffect s:
                    refused = $"{s.From} -> {s.To} refused: {s.Guardrail}";
                    break;
            }
        }

        var text = to is not null
            ? $"{from} -> {to}: {tasks} task(s), {proposals} proposal(s)"
            : refused ?? $"no transition of {e.State} on outcome {e.Outcome}";
        return new TaskEventResult(e.Id, e.TaskKey, e.AccountId, e.PlaybookId, e.Outcome, text, to, tasks, proposals);
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Task {TaskKey} completed with outcome {Outcome} (event #{EventId})")]
    private partial void LogCompleted(string taskKey, string outcome, long eventId);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Task event #{EventId} ({TaskKey}, {Outcome}): {Result}")]
    private partial void LogProcessed(long eventId, string taskKey, string outcome, string result);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Task {TaskKey}: processing event #{EventId} failed; it stays pending and the next sync applies it")]
    private partial void LogProcessingFailed(Exception exception, string taskKey, long eventId);
}
