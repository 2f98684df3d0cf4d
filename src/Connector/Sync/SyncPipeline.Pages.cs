using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using CrmSuite.Connector.Cluster;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Sync;

/// <summary>The sync's stages before the commit: reading pages from the CRM, loading their state and evaluating them.</summary>
internal sealed partial class SyncPipeline
{
    /// <summary>An evaluated page on its way to the commit.</summary>
    private sealed record EvaluatedPage(PageCommit Commit, int Accounts, long Suppressed, IReadOnlyList<UnplacedEffect> Unplaced, long Started);

    // Loads and evaluates each page read from the CRM while the previous one commits: pages hold disjoint accounts, and the
    // state is loaded on the store's read connection, which sees every page committed before.
    private async Task EvaluatePagesAsync(
        ChannelReader<CrmPage> input,
        ChannelWriter<EvaluatedPage> output,
        long syncId,
        string triggeredBy,
        string watermarkSource,
        CancellationToken cancellationToken)
    {
        var state = new PageState();
        var builder = new PageBuilder();
        var ids = new List<string>(_options.PageSize);
        var subscriptions = new List<string>(_options.PageSize);
        try
        {
            await foreach (var crmPage in input.ReadAllAsync(cancellationToken))
            {
                var started = time.GetTimestamp();
                PageEvaluation.CollectIds(crmPage, ids, subscriptions);
                await pages.LoadPageStateAsync(ids, subscriptions, state, cancellationToken);
                var commit = evaluation.Evaluate(crmPage, state, builder, syncId, triggeredBy, watermarkSource, cancellationToken);
                await output.WriteAsync(new EvaluatedPage(commit, crmPage.Count, builder.Suppressed, [.. builder.Unplaced], started), cancellationToken);
            }

            output.Complete();
        }
        catch (Exception ex)
        {
            output.TryComplete(ex);
            throw;
        }
    }

    private static void Record(SyncCounts counts, TimeSpan duration)
    {
        SyncMetrics.Pages.Add(1);
        SyncMetrics.Accounts.Add(counts.Accounts);
        SyncMetrics.Transitions.Add(counts.Transitions);
        SyncMetrics.Tasks.Add(counts.Tasks);
        SyncMetrics.Proposals.Add(counts.Proposals);
        SyncMetrics.Quarantined.Add(counts.Quarantined);
        SyncMetrics.PageDuration.Record(duration.TotalSeconds);
    }

    private async Task ReadPagesAsync(string? from, AccountPartition partition, ChannelWriter<CrmPage> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var crmPage in crm.ReadChangedAccountsAsync(from, _options.PageSize, cancellationToken))
            {
                // A page with none of the partition's accounts still commits: its watermark moves the partition on.
                await writer.WriteAsync(partition.Count == 1 ? crmPage : Share(crmPage, partition), cancellationToken);
            }

            writer.Complete();
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
            throw;
        }
    }

    private static CrmPage Share(CrmPage page, AccountPartition partition) => page with
    {
        Accounts = page.Accounts.RemoveAll(a => !partition.Holds(a.Account.Id)),
        DeletedAccountIds = page.DeletedAccountIds.RemoveAll(id => !partition.Holds(id)),
    };

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // A stage stops when the sync stops; its cancellation is the expected end, already reported by the sync.
        }
        catch (Exception) when (task.IsFaulted)
        {
            // A reader or evaluator failure reached the commit loop through its channel and was reported there.
        }
    }
}
