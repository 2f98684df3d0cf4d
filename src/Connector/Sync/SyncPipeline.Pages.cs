using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Sync;

/// <summary>The sync's stages apart from the commit: reading pages from the CRM, loading their state and evaluating them.</summary>
internal sealed partial class SyncPipeline
{
    /// <summary>An evaluated page on its way to the commit: the builder it was collected in and what it commits.</summary>
    private sealed record EvaluatedPage(PageBuilder Builder, PageCommit Commit, int Accounts, long Started);

    // Loads and evaluates each page read from the CRM while the previous one commits: pages hold disjoint accounts, and the
    // state is loaded on the store's read connection, which sees every page committed before.
    private async Task EvaluatePagesAsync(
        ChannelReader<CrmPage> pages,
        ChannelReader<PageBuilder> free,
        ChannelWriter<EvaluatedPage> output,
        long syncId,
        string triggeredBy,
        CancellationToken cancellationToken)
    {
        var state = new PageState();
        var ids = new List<string>(_options.PageSize);
        var violations = new List<QuarantineRules.Violation>();
        try
        {
            await foreach (var crmPage in pages.ReadAllAsync(cancellationToken))
            {
                var started = time.GetTimestamp();
                var page = await free.ReadAsync(cancellationToken);
                page.Clear();
                ids.Clear();
                foreach (var record in crmPage.Accounts)
                {
                    ids.Add(record.Account.Id);
                }

                await store.LoadPageStateAsync(ids, state, cancellationToken);
                var commit = EvaluatePage(crmPage, state, page, violations, syncId, triggeredBy, cancellationToken);
                await output.WriteAsync(new EvaluatedPage(page, commit, crmPage.Accounts.Length, started), cancellationToken);
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
    private PageCommit EvaluatePage(
        CrmPage crmPage,
        PageState state,
        PageBuilder page,
        List<QuarantineRules.Violation> violations,
        long syncId,
        string triggeredBy,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var record in crmPage.Accounts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Evaluate(record, state, page, violations, now, today, triggeredBy);
        }

        return page.Build(syncId, now, AccountsWatermark, crmPage.Watermark);
    }

    private void Evaluate(
        CrmAccountRecord record,
        PageState state,
        PageBuilder page,
        List<QuarantineRules.Violation> violations,
        DateTimeOffset now,
        DateOnly today,
        string triggeredBy)
    {
        var account = record.Account;
        page.Seen(account.Id);
        if (record.Subscriptions.IsEmpty)
        {
            page.Quarantine(new QuarantineEntry(account.Id, account.Id, "subscriptions", "the account has no subscription"));
            return;
        }

        var clean = true;
        foreach (var subscription in record.Subscriptions)
        {
            violations.Clear();
            if (!QuarantineRules.Check(subscription, violations))
            {
                clean = false;
                foreach (var v in violations)
                {
                    page.Quarantine(new QuarantineEntry(account.Id, subscription.Id, v.Field, v.Reason));
                }
            }
        }

        if (!clean)
        {
            return;
        }

        var primary = PrimarySubscription.Choose(record.Subscriptions)!;
        var signals = SignalComputer.Compute(account, primary, record.Usage, today);
        var context = new EvaluationContext(account, signals, record.History, now);
        var evaluation = evaluator.Evaluate(state.InstancesOf(account.Id), in context);
        page.Evaluated(account.Id, evaluation, now, triggeredBy);
        MrrTracker.Observe(record.Subscriptions, state.Snapshots, today, page.Snapshots, page.Movements);
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
