using Microsoft.Extensions.Logging;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// The one typed path from stored CRM writes to the CRM: a batch of outbox rows upserted by key. Both the page delivery
/// during a sync and the outbox dispatcher go through it.
/// </summary>
internal sealed class CrmDelivery(ICrmWriter crm, ILogger<CrmDelivery> logger)
{
    /// <summary>Writes <paramref name="writes"/> to the CRM in one batch; throws when the CRM refuses it (the rows stay pending).</summary>
    public async Task DeliverAsync(IReadOnlyList<PendingWrite> writes, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return;
        }

        var batch = CrmWriteBatch.Of(writes.Select(w => w.Write));
        await crm.UpsertAsync(batch, cancellationToken);
        SyncMetrics.Delivered.Add(writes.Count);
        logger.Delivered(writes.Count, batch.Tasks.Length, batch.Proposals.Length, batch.Stages.Length);
    }
}
