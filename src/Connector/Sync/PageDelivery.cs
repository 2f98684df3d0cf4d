using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// Delivers each committed page's new outbox rows to the CRM from the page's in-memory effects while the sync goes on
/// with the next pages. Only rows already committed are delivered; their ids are handed back through
/// <see cref="TakeDelivered"/> to be marked delivered in a later page's transaction (or at the end). A crash between the
/// CRM write and that mark re-delivers them, and the idempotency keys make that a no-op. After a failed write it stops
/// delivering: the rows stay pending for <see cref="OutboxDispatcher"/>, which runs after the sync.
/// </summary>
internal sealed class PageDelivery(ICrmGateway crm, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly List<long> _ids = [];
    private List<long> _delivered = [];
    private bool _stopped;

    public long Delivered { get; private set; }

    /// <summary>Delivers the pages of <paramref name="pages"/> in order and hands each builder back to <paramref name="free"/>.</summary>
    public async Task RunAsync(ChannelReader<PageBuilder> pages, ChannelWriter<PageBuilder> free, CancellationToken cancellationToken)
    {
        await foreach (var page in pages.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (!_stopped && !cancellationToken.IsCancellationRequested)
                {
                    await DeliverAsync(page, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _stopped = true;
            }
            catch (Exception ex)
            {
                _stopped = true;
                logger.PageDeliveryFailed(ex, _ids.Count);
            }
            finally
            {
                free.TryWrite(page);
            }
        }
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

    private async Task DeliverAsync(PageBuilder page, CancellationToken cancellationToken)
    {
        _ids.Clear();
        var batch = page.InsertedBatch(_ids);
        if (_ids.Count == 0)
        {
            return;
        }

        await crm.UpsertAsync(batch, cancellationToken);
        lock (_gate)
        {
            _delivered.AddRange(_ids);
        }

        Delivered += _ids.Count;
        SyncMetrics.Delivered.Add(_ids.Count);
        logger.Delivered(_ids.Count, batch.Tasks.Length, batch.Proposals.Length, batch.Stages.Length);
    }
}
