using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Routing;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Store;

/// <summary>
/// One task's routing, written with the page that routed it (<see cref="PageCommit.Routing"/>): a task routed once keeps
/// its decision, so a replayed page or a re-delivery never counts it twice. A held row (<see cref="RoutingOutcome.Deferred"/>)
/// keeps the task itself until a later week releases it; only a held row changes (released or superseded).
/// </summary>
/// <param name="Week">The Monday of the week it counts in: the week it was written, or for a held task the week it was deferred in.</param>
/// <param name="DeferredFrom">For a released task, the Monday of the week it was deferred in.</param>
/// <param name="Held">For a held task, the task as it will be written (without its move).</param>
internal sealed record RoutedTask(
    string Key,
    string AccountId,
    string PlaybookId,
    int Step,
    string CsmId,
    string? OwnerId,
    DateOnly Week,
    RoutingOutcome Outcome,
    TaskPriority Priority,
    DateOnly? DeferredFrom = null,
    CrmTask? Held = null);

/// <summary>A task held beyond capacity, waiting for a week with room.</summary>
internal sealed record HeldTask(CrmTask Task, string CsmId, DateOnly HeldSince);

/// <summary>A CSM's tasks held beyond capacity, for <c>crmsuite status</c> and the work queue.</summary>
internal sealed record HeldCount(string CsmId, long Held, DateOnly OldestWeek);

/// <summary>The routing ledger's reads: which tasks were routed, each user's load in a week, the tasks held.</summary>
internal interface ITaskRouting
{
    /// <summary>The keys among <paramref name="keys"/> already routed, with what became of them.</summary>
    Task<IReadOnlyDictionary<string, RoutingOutcome>> FindRoutedAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>Tasks written per user (assigned, pooled or released) in the week starting <paramref name="week"/>.</summary>
    Task<Dictionary<string, int>> ReadLoadAsync(DateOnly week, CancellationToken cancellationToken);

    /// <summary>Every task still held, longest held first.</summary>
    Task<IReadOnlyList<HeldTask>> ReadHeldAsync(CancellationToken cancellationToken);

    /// <summary>Tasks held per CSM, on a connection of its own (safe beside a running sync).</summary>
    Task<IReadOnlyList<HeldCount>> CountHeldAsync(CancellationToken cancellationToken);
}
