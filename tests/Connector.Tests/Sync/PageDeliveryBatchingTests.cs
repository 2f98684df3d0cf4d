using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Sync;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Tests.Sync;

/// <summary>How the page delivery batches the committed pages it finds waiting.</summary>
public sealed class PageDeliveryBatchingTests
{
    [Fact]
    public async Task Pages_already_committed_when_a_delivery_starts_go_to_the_crm_in_one_batch_in_commit_order()
    {
        var crm = new RecordingWriter();
        var delivery = new PageDelivery(new CrmDelivery(crm, NullLogger<CrmDelivery>.Instance),
            NullLogger.Instance);
        var pages = Channel.CreateUnbounded<IReadOnlyList<PendingWrite>>();
        pages.Writer.TryWrite([Stage(1), Stage(2)]);
        pages.Writer.TryWrite([Stage(3)]);
        pages.Writer.TryWrite([Stage(4), Stage(5)]);
        pages.Writer.Complete();

        await delivery.RunAsync(pages.Reader, CancellationToken.None);

        var batch = Assert.Single(crm.Batches);
        Assert.Equal(["A1", "A2", "A3", "A4", "A5"], batch.Stages.Select(s => s.AccountId));
        Assert.Equal([1L, 2, 3, 4, 5], delivery.TakeDelivered());
    }

    private static PendingWrite Stage(int n) =>
        new(n, new CrmPlaybookStage($"p-1-t0-{n}", $"A{n}", "p", 1,
            new Reason("Watching", "Call", "test", []), "Call", 1, DateTimeOffset.UnixEpoch));

    private sealed class RecordingWriter : ICrmWriter
    {
        public List<CrmWriteBatch> Batches { get; } = [];

        public Task UpsertAsync(CrmWriteBatch batch, CancellationToken cancellationToken)
        {
            Batches.Add(batch);
            return Task.CompletedTask;
        }
    }
}
