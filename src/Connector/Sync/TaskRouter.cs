using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Routing;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// Capacity-aware routing on the way into the store (docs/routing.md): a page's new tasks are routed by
/// <see cref="CapacityRules"/> against their CSMs' load for the week, and the decisions commit with the page, so a task is
/// counted once however often its page or its delivery is replayed. A held task leaves the outbox and waits in the store;
/// <see cref="ReleaseAsync"/> offers the held tasks the slots of each later week. Called only between page commits (the
/// commit stage of a sync, the event paths), never beside one.
/// </summary>
internal sealed partial class TaskRouter(
    ITaskRouting ledger, IAccountEvaluator evaluator, IOptions<RoutingOptions> options, IOptions<SyncOptions> sync, TimeProvider time, ILogger<TaskRouter> logger)
{
    /// <summary>The watermark source a release commit names (the week it released into).</summary>
    public const string ReleaseSource = "routing.released";

    private readonly RoutingOptions _options = options.Value;
    private readonly TimeZoneInfo _zone = sync.Value.ResolveTimeZone();

    /// <summary>The commit with its new tasks routed: kept, given to a pool member, or held (out of the outbox, into <see cref="PageCommit.Routing"/>).</summary>
    public async Task<PageCommit> RouteAsync(PageCommit commit, CancellationToken cancellationToken)
    {
        if (_options.Mode == RoutingMode.Off || !commit.Outbox.Any(o => o.Write is CrmTask { OwnerId: not null }))
        {
            return commit;
        }

        var tasks = commit.Outbox.Select(o => o.Write).OfType<CrmTask>().Where(t => t.OwnerId is not null).ToList();
        var known = await ledger.FindRoutedAsync([.. tasks.Select(t => t.Key)], cancellationToken);
        var week = RoutingWeek.Of(commit.At, _zone);
        var load = await ledger.ReadLoadAsync(week, cancellationToken);
        var decisions = CapacityRules.Route(
            tasks.Where(t => !known.ContainsKey(t.Key)).DistinctBy(t => t.Key).Select(t => new RoutingCandidate(t.Key, t.OwnerId!, t.Priority, RescueHelp: evaluator.IsRescueHelp(t.PlaybookId, t.State))),
            load, _options).ToDictionary(d => d.Candidate.Key, StringComparer.Ordinal);

        var outbox = new List<OutboxRow>(commit.Outbox.Count);
        var routed = new List<RoutedTask>(decisions.Count);
        foreach (var row in commit.Outbox)
        {
            if (row.Write is not CrmTask { OwnerId: { } csm } task)
            {
                outbox.Add(row);
                continue;
            }

            // Routed before (a replayed page): its row is in the outbox already, or it is held, or it was released.
            if (!decisions.Remove(task.Key, out var decision))
            {
                continue;
            }

            routed.Add(new RoutedTask(task.Key, task.AccountId, task.PlaybookId, task.Step, csm, decision.OwnerId, week, decision.Outcome, task.Priority,
                Held: decision.Outcome == RoutingOutcome.Deferred ? task : null));
            switch (decision.Outcome)
            {
                case RoutingOutcome.Deferred:
                    LogDeferred(task.Key, csm, week);
                    break;
                case RoutingOutcome.Pooled:
                    outbox.Add(OutboxRow.Of(task with { OwnerId = decision.OwnerId, Reason = Pooled(task.Reason, csm, week, decision.OwnerId!) }));
                    break;
                default:
                    outbox.Add(row);
                    break;
            }
        }

        return commit with { Outbox = outbox, Routing = routed };
    }

    /// <summary>
    /// The held tasks offered the slots of this week (held before it): those that get one are written, their due date moved
    /// by the weeks they waited and the deferral in their provenance; the rest stay held. Null when nothing moves.
    /// </summary>
    public async Task<PageCommit?> ReleaseAsync(long syncId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var week = RoutingWeek.Of(now, _zone);
        var held = (await ledger.ReadHeldAsync(cancellationToken)).Where(h => h.HeldSince < week).ToDictionary(h => h.Task.Key, StringComparer.Ordinal);
        if (held.Count == 0)
        {
            return null;
        }

        var load = await ledger.ReadLoadAsync(week, cancellationToken);
        var outbox = new List<OutboxRow>();
        var routed = new List<RoutedTask>();
        foreach (var decision in CapacityRules.Route(held.Values.Select(h => new RoutingCandidate(h.Task.Key, h.CsmId, h.Task.Priority, h.HeldSince)), load, _options))
        {
            if (decision.Outcome != RoutingOutcome.Released)
            {
                continue;
            }

            var (task, csm, since) = held[decision.Candidate.Key];
            var weeks = (week.DayNumber - since.DayNumber) / 7;
            var reason = Deferred(task.Reason, csm, since, weeks, task.Due);
            if (decision.ToPool)
            {
                reason = Pooled(reason, csm, week, decision.OwnerId!);
            }

            outbox.Add(OutboxRow.Of(task with { Due = task.Due.AddDays(7 * weeks), OwnerId = decision.OwnerId, Reason = reason }));
            routed.Add(new RoutedTask(task.Key, task.AccountId, task.PlaybookId, task.Step, csm, decision.OwnerId, week, RoutingOutcome.Released,
                task.Priority, DeferredFrom: since));
            LogReleased(task.Key, decision.OwnerId!, weeks);
        }

        return routed.Count == 0 ? null
            : new PageCommit(syncId, now, ReleaseSource, week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), [], [], outbox, [], [], [], [], [],
                default, [], Routing: routed);
    }

    private Reason Deferred(Reason reason, string csm, DateOnly since, int weeks, DateOnly due) =>
        reason with
        {
            Readings = reason.Readings.Add(new SignalReading("deferred",
                $"{weeks} week(s): {csm} was at capacity ({_options.CapacityOf(csm)} a week) in the week of {since:yyyy-MM-dd}; due moved from {due:yyyy-MM-dd}")),
        };

    private Reason Pooled(Reason reason, string csm, DateOnly week, string member) =>
        reason with
        {
            Readings = reason.Readings.Add(new SignalReading("pooled",
                $"{csm} was at capacity ({_options.CapacityOf(csm)} a week) in the week of {week:yyyy-MM-dd}; given to {member} (pool round-robin)")),
        };

    [LoggerMessage(EventId = 1340, Level = LogLevel.Information, Message = "Task {Key} held: {CsmId} and the pool are at capacity in the week of {Week}")]
    private partial void LogDeferred(string key, string csmId, DateOnly week);

    [LoggerMessage(EventId = 1341, Level = LogLevel.Information, Message = "Held task {Key} released to {OwnerId} after {Weeks} week(s)")]
    private partial void LogReleased(string key, string ownerId, int weeks);
}
