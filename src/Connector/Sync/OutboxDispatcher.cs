using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Sync;

/// <summary>What one dispatch run delivered.</summary>
internal readonly record struct DispatchSummary(long Delivered, long Failed, long Batches);

/// <summary>
/// Delivers what the outbox still holds (earlier failures, a crashed run's rows, a CSM action's effects) in batches and
/// marks them delivered. A crash between the CRM write and the mark re-delivers the batch; the keys make that a no-op.
/// </summary>
internal sealed class OutboxDispatcher(
    IOutbox outbox,
    CrmDelivery delivery,
    TimeProvider time,
    IOptions<SyncOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    private readonly int _batchSize = options.Value.OutboxBatchSize;

    /// <summary>Marks writes delivered by the sync's page delivery.</summary>
    public Task MarkDeliveredAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken) =>
        outbox.MarkDeliveredAsync(ids, time.GetUtcNow(), cancellationToken);

    /// <summary>Delivers until the outbox is empty or a batch fails (it stays pending, retried next cycle).</summary>
    public async Task<DispatchSummary> DispatchAsync(CancellationToken cancellationToken)
    {
        long delivered = 0, batches = 0;
        while (true)
        {
            var pending = await outbox.ReadPendingAsync(_batchSize, cancellationToken);
            if (pending.Count == 0)
            {
                return new DispatchSummary(delivered, 0, batches);
            }

            var ids = pending.Select(p => p.Id).ToArray();
            try
            {
                await delivery.DeliverAsync(pending, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.DeliveryFailed(ex, pending.Count);
                SyncMetrics.DeliveryFailures.Add(pending.Count);
                await outbox.MarkFailedAsync(ids, ex.Message, CancellationToken.None);
                return new DispatchSummary(delivered, pending.Count, batches);
            }

            await outbox.MarkDeliveredAsync(ids, time.GetUtcNow(), CancellationToken.None);
            delivered += pending.Count;
            batches++;
        }
    }
}
