using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using CrmSuite.Connector.Accounts;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Templates;

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
                ids.Clear();
                subscriptions.Clear();
                foreach (var record in crmPage.Accounts)
                {
                    ids.Add(record.Account.Id);
                    foreach (var s in record.Subscriptions)
                    {
                        subscriptions.Add(s.Id);
                    }
                }

                ids.AddRange(crmPage.DeletedAccountIds);
                await pages.LoadPageStateAsync(ids, subscriptions, state, cancellationToken);
                var commit = EvaluatePage(crmPage, state, builder, syncId, triggeredBy, cancellationToken);
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

    // A loop run once per page: compiled fully optimized at once rather than left to tiering (few calls, long loops).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private PageCommit EvaluatePage(CrmPage crmPage, PageState state, PageBuilder page, long syncId, string triggeredBy, CancellationToken cancellationToken)
    {
        page.Clear();
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var record in crmPage.Accounts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var accountId = record.Account.Id;
            page.Seen(accountId);
            if (!AccountPreparation.TryPrepare(record, now, _timeZone, page.Quarantined, out var context))
            {
                continue;
            }

            AccountEvaluation evaluation;
            try
            {
                evaluation = evaluator.Evaluate(state.InstancesOf(accountId), in context);
            }
            catch (TemplateLimitExceededException ex)
            {
                // One playbook text that exceeds its limits for this account's values fails this account alone; its state is
                // left as it was, and the quarantine entry is logged and counted with the sync.
                page.Quarantined.Add(new QuarantineEntry(accountId, record.Account.Id, "playbook template", ex.Message));
                continue;
            }

            page.Evaluated(evaluation, now, triggeredBy, drafting, record, in context);
            MrrTracker.Observe(record.Subscriptions, state.Snapshots, today, page.Snapshots, page.Movements);
        }

        foreach (var deleted in crmPage.DeletedAccountIds)
        {
            page.Deleted(deleted, state.InstancesOf(deleted), now, triggeredBy);
        }

        return page.Build(syncId, now, Watermarks.Accounts, crmPage.Watermark);
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

    private async Task ReadPagesAsync(string? from, ChannelWriter<CrmPage> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var crmPage in crm.ReadChangedAccountsAsync(from, _options.PageSize, cancellationToken))
            {
                await writer.WriteAsync(crmPage, cancellationToken);
            }

            writer.Complete();
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
            throw;
        }
    }

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
