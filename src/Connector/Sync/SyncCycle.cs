using Microsoft.Extensions.Logging;
using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// The connector's unit of work against the CRM, one at a time through the <see cref="SyncGate"/>: a sync cycle (first the
/// task outcomes still pending — left by a crash or a failed delivery — then the proposals whose validity ended and the
/// pending answers, then the changed accounts and the outbox), or a CSM's completed task or a customer's answer applied at once.
/// </summary>
internal sealed partial class SyncCycle(
    SyncGate gate, TaskEventProcessor events, ProposalEventProcessor proposals, SyncPipeline pipeline, OutboxDispatcher dispatcher,
    ILogger<SyncCycle> logger)
{
    public Task<SyncSummary> RunAsync(SyncMode mode, CancellationToken cancellationToken) =>
        RunAsync(mode, Cluster.AccountPartition.All, cancellationToken);

    /// <summary>
    /// A cycle over one partition of the accounts. The CRM events are applied by the first partition's cycle only: on a
    /// cluster that job runs on one node at a time, so no event is applied by two nodes.
    /// </summary>
    public Task<SyncSummary> RunAsync(SyncMode mode, Cluster.AccountPartition partition, CancellationToken cancellationToken) =>
        gate.RunAsync(async token =>
        {
            if (partition.Index != 0)
            {
                return await pipeline.RunOnceAsync(mode, partition, token);
            }

            // An event that cannot be applied stays pending and is retried by the next cycle; it must not stop the sync of
            // every other account. A damaged data file stops everything: nothing can be synced from or to it.
            try
            {
                await events.ProcessPendingAsync(token);
                await proposals.ExpireAndProcessAsync(token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not Sqlite.DataFileCorruptException)
            {
                LogEventsFailed(ex);
            }

            return await pipeline.RunOnceAsync(mode, partition, token);
        }, cancellationToken);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Error, Message = "Applying the pending CRM events failed; they stay pending and the next cycle retries them. The account sync goes on")]
    private partial void LogEventsFailed(Exception exception);

    /// <summary>Records the customer's answer to a proposal and applies it at once (license, playbook), never overlapping a sync.</summary>
    public Task<ProposalAnswerOutcome> AnswerProposalAsync(ProposalAnswerRequest request, CancellationToken cancellationToken) =>
        gate.RunAsync(token => proposals.AnswerAsync(request, token), cancellationToken);

    /// <summary>Completes a CSM's task and advances its playbook at once, never overlapping a sync.</summary>
    public Task<TaskCompletionResult> CompleteTaskAsync(string key, string outcome, CancellationToken cancellationToken) =>
        gate.RunAsync(token => events.CompleteAsync(key, outcome, token), cancellationToken);

    /// <summary>
    /// Applies the task outcomes the CRM holds and the connector has not applied (a CSM completed a task in the CRM itself),
    /// then delivers what they caused; never overlapping a sync.
    /// </summary>
    public Task<(IReadOnlyList<TaskEventResult> Applied, DispatchSummary Delivered)> ApplyPendingTaskEventsAsync(CancellationToken cancellationToken) =>
        gate.RunAsync(async token =>
        {
            var applied = await events.ProcessPendingAsync(token);
            return (applied, await dispatcher.DispatchAsync(token));
        }, cancellationToken);

    /// <summary>Applies the proposal answers and expiries the connector has not applied, then delivers what they caused.</summary>
    public Task<(IReadOnlyList<ProposalEventResult> Applied, DispatchSummary Delivered)> ApplyPendingProposalEventsAsync(CancellationToken cancellationToken) =>
        gate.RunAsync(async token =>
        {
            var applied = await proposals.ProcessPendingAsync(token);
            return (applied, await dispatcher.DispatchAsync(token));
        }, cancellationToken);
}
