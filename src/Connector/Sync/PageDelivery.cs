using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// Delivers each committed page's new outbox rows to the CRM while the sync goes on with the next pages. Only rows already
/// committed are delivered (the store keeps them in flight); their ids are handed back through <see cref="TakeDelivered"/>
/// to be confirmed in a later page's transaction (or at the end). A crash between the CRM write and that confirmation
/// re-delivers them, and the idempotency keys make that a no-op. After a failed write it stops delivering: the rows not
/// confirmed become pending again for <see cref="OutboxDispatcher"/>, which runs after the sync.
/// </summary>
internal sealed class PageDelivery(CrmDelivery delivery, ILogger logger)
{
    private readonly Lock _gate = new();
    private List<long> _delivered = [];
    private bool _stopped;

    public long Delivered { get; private set; }

    /// <summary>
    /// Delivers the committed pages of <paramref name="pages"/> in order; pages already waiting when a delivery ends go to
    /// the CRM together, in one batch (one transaction in the embedded CRM rewrites an index page once for all of them).
    /// </summary>
    public async Task RunAsync(ChannelReader<IReadOnlyList<PendingWrite>> pages, CancellationToken cancellationToken)
    {
        while (await pages.WaitToReadAsync(CancellationToken.None))
        {
            var writes = Waiting(pages);
            if (_stopped || cancellationToken.IsCancellationRequested || writes.Count == 0)
            {
                continue;
            }

            try
            {
                await delivery.DeliverAsync(writes, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _stopped = true;
                continue;
            }
            catch (Exception ex)
            {
                _stopped = true;
                logger.PageDeliveryFailed(ex, writes.Count);
                continue;
            }

            lock (_gate)
            {
                foreach (var write in writes)
                {
                    _delivered.Add(write.Id);
                }
            }

            Delivered += writes.Count;
        }
    }

    // Every committed page waiting in the channel, as one list in commit order.
    private static IReadOnlyList<PendingWrite> Waiting(ChannelReader<IReadOnlyList<PendingWrite>> pages)
    {
        if (!pages.TryRead(out var first))
        {
            return [];
        }

        if (!pages.TryRead(out var next))
        {
            return first;
        }

        var writes = new List<PendingWrite>(first.Count * 3);
        writes.AddRange(first);
        do
        {
            writes.AddRange(next);
        }
        while (pages.TryRead(out next));
        return writes;
    }

    /// <summary>The ids delivered since the last call, to be marked delivered.</summary>
    public List<long> TakeDelivered()
    {
        lock (_gate)
        {
            var taken = _delivered;
            _delivered = new List<long>(taken.Count);
            return taken;
        }
    }
}
