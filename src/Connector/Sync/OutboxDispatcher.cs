using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Sync;

/// <summary>What one dispatch run delivered.</summary>
internal readonly record struct DispatchSummary(long Delivered, long Failed, long Batches);

/// <summary>
/// Delivers the outbox to the CRM in batches of upserts by idempotency key and marks them delivered. A crash between
/// the CRM write and the mark re-delivers the batch; the keys make that a no-op.
/// </summary>
internal sealed class OutboxDispatcher(
    ICrmGateway crm,
    IStateStore store,
    TimeProvider time,
    IOptions<SyncOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    private readonly int _batchSize = options.Value.OutboxBatchSize;

    /// <summary>Delivers until the outbox is empty or a batch fails (it stays pending, retried next cycle).</summary>
    public async Task<DispatchSummary> DispatchAsync(CancellationToken cancellationToken)
    {
        long delivered = 0, batches = 0;
        while (true)
        {
            var messages = await store.ReadPendingOutboxAsync(_batchSize, cancellationToken);
            if (messages.Count == 0)
            {
                return new DispatchSummary(delivered, 0, batches);
            }

            var ids = new long[messages.Count];
            for (var i = 0; i < messages.Count; i++)
            {
                ids[i] = messages[i].Id;
            }

            CrmWriteBatch batch;
            try
            {
                batch = ToBatch(messages);
                await crm.UpsertAsync(batch, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.DeliveryFailed(ex, messages.Count);
                SyncMetrics.DeliveryFailures.Add(messages.Count);
                await store.MarkFailedAsync(ids, ex.Message, CancellationToken.None);
                return new DispatchSummary(delivered, messages.Count, batches);
            }

            await store.MarkDeliveredAsync(ids, time.GetUtcNow(), CancellationToken.None);
            delivered += messages.Count;
            SyncMetrics.Delivered.Add(messages.Count);
            batches++;
            logger.Delivered(messages.Count, batch.Tasks.Length, batch.Proposals.Length, batch.Stages.Length);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static CrmWriteBatch ToBatch(IReadOnlyList<OutboxMessage> messages)
    {
        var tasks = ImmutableArray.CreateBuilder<CrmTask>();
        var proposals = ImmutableArray.CreateBuilder<CrmProposal>();
        var stages = ImmutableArray.CreateBuilder<CrmPlaybookStage>();
        foreach (var m in messages)
        {
            switch (m.Kind)
            {
                case OutboxJson.TaskKind:
                    tasks.Add(JsonSerializer.Deserialize(m.Payload, OutboxJson.Default.CrmTask) ?? throw Bad(m));
                    break;
                case OutboxJson.ProposalKind:
                    proposals.Add(JsonSerializer.Deserialize(m.Payload, OutboxJson.Default.CrmProposal) ?? throw Bad(m));
                    break;
                case OutboxJson.StageKind:
                    stages.Add(JsonSerializer.Deserialize(m.Payload, OutboxJson.Default.CrmPlaybookStage) ?? throw Bad(m));
                    break;
                default:
                    throw new InvalidOperationException($"Outbox row {m.Id} ({m.Key}) has unknown kind '{m.Kind}'.");
            }
        }

        return new CrmWriteBatch(tasks.DrainToImmutable(), proposals.DrainToImmutable(), stages.DrainToImmutable());
    }

    private static InvalidOperationException Bad(OutboxMessage m) => new($"Outbox row {m.Id} ({m.Key}) has an empty {m.Kind} payload.");
}
