using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Cluster;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// One sync cycle, one way through: read a page of changed accounts from the CRM, prepare and evaluate its accounts,
/// commit the page (state, audit, outbox, ledger, watermark) in one transaction, deliver its CRM writes. The stages
/// overlap — the next pages are read and evaluated while the current one commits, and a committed page's writes are
/// delivered while later pages are evaluated — and each hands the next an immutable value.
/// </summary>
internal sealed partial class SyncPipeline(
    ICrmAccounts crm,
    IPageStore pages,
    ISyncRuns runs,
    PageEvaluation evaluation,
    CrmDelivery delivery,
    OutboxDispatcher dispatcher,
    TaskRouter router,
    TimeProvider time,
    IOptions<SyncOptions> options,
    ILogger<SyncPipeline> logger)
{
    private readonly SyncOptions _options = options.Value;

    /// <summary>
    /// Syncs the accounts, delivering each committed page's CRM writes during the sync, then delivers whatever the outbox
    /// still holds (earlier failures, a crashed run's rows); the summary covers both.
    /// </summary>
    public Task<SyncSummary> RunOnceAsync(SyncMode mode, CancellationToken cancellationToken) =>
        RunOnceAsync(mode, AccountPartition.All, cancellationToken);

    /// <summary>
    /// Syncs the accounts of one <paramref name="partition"/> from its own watermark (a cluster's nodes each run some of
    /// the partitions), then delivers what the outbox still holds.
    /// </summary>
    public async Task<SyncSummary> RunOnceAsync(SyncMode mode, AccountPartition partition, CancellationToken cancellationToken)
    {
        var summary = await RunAsync(mode, partition, deliver: true, cancellationToken);
        if (summary.Outcome != SyncOutcome.Completed)
        {
            return summary;
        }

        var started = time.GetTimestamp();
        DispatchSummary dispatch;
        try
        {
            dispatch = await dispatcher.DispatchAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped while delivering what the outbox still held: the accounts are synced and committed; the undelivered
            // writes stay pending (or in flight) and the next run delivers them. Reported as cancelled, like a stop mid-pages.
            var cancelled = summary with { Outcome = SyncOutcome.Cancelled, Duration = summary.Duration + time.GetElapsedTime(started) };
            logger.Finished(cancelled);
            return cancelled;
        }

        var result = summary with
        {
            Delivered = summary.Delivered + dispatch.Delivered,
            DeliveryFailures = dispatch.Failed,
            Duration = summary.Duration + time.GetElapsedTime(started),
        };
        logger.Finished(result);
        return result;
    }

    /// <summary>
    /// Evaluates the changed accounts (all of them for <see cref="SyncMode.Full"/>) without delivering the outbox.
    /// Cancellation stops the reading and the evaluation; pages evaluated before it still commit, the page in progress
    /// does not. The summary says <see cref="SyncOutcome.Cancelled"/> and every committed page stays committed, with the
    /// watermark after the last of them.
    /// </summary>
    public Task<SyncSummary> SyncAccountsAsync(SyncMode mode, CancellationToken cancellationToken) =>
        RunAsync(mode, AccountPartition.All, deliver: false, cancellationToken);

    private async Task<SyncSummary> RunAsync(SyncMode mode, AccountPartition partition, bool deliver, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var stored = await runs.GetWatermarkAsync(partition.WatermarkSource, cancellationToken);
        var from = mode == SyncMode.Full ? null : stored;
        var kind = mode == SyncMode.Full ? SyncRunKind.Full : SyncRunKind.Incremental;
        var syncId = await runs.BeginRunAsync(kind, from, time.GetUtcNow(), cancellationToken);
        // Held tasks take this week's free slots before the pages' new tasks; what they leave stays held. In a cluster only
        // the first partition's run releases them, so two nodes never offer the same held task at once.
        if (partition.Index == 0 && await router.ReleaseAsync(syncId, cancellationToken) is { } released)
        {
            await pages.CommitPageAsync(released, CancellationToken.None);
        }

        // A partition reads the whole stream and keeps its share: the count is the stream's, shared out evenly.
        var total = await crm.CountChangedAccountsAsync(from, cancellationToken) / partition.Count;
        logger.Started(syncId, mode, from ?? "(start)", total);

        var progress = new SyncProgress(logger, time, syncId, total, TimeSpan.FromSeconds(_options.ProgressIntervalSeconds));
        var triggeredBy = $"sync #{syncId} ({kind.ToString().ToLowerInvariant()})";
        long evaluated = 0, transitions = 0, tasks = 0, proposals = 0, suppressed = 0, quarantined = 0, unplaced = 0;
        var watermark = stored;

        var crmPages = Channel.CreateBounded<CrmPage>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var evaluatedPages = Channel.CreateBounded<EvaluatedPage>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var committedPages = Channel.CreateBounded<IReadOnlyList<PendingWrite>>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var pageDelivery = deliver ? new PageDelivery(delivery, logger) : null;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ReadPagesAsync(from, partition, crmPages.Writer, stop.Token), CancellationToken.None);
        var evaluating = Task.Run(() => EvaluatePagesAsync(crmPages.Reader, evaluatedPages.Writer, syncId, triggeredBy, partition.WatermarkSource, stop.Token), CancellationToken.None);
        var delivering = pageDelivery is null ? Task.CompletedTask
            : Task.Run(() => pageDelivery.RunAsync(committedPages.Reader, cancellationToken), CancellationToken.None);
        var outcome = SyncOutcome.Completed;
        try
        {
            // Pages evaluated before a cancellation or failure still commit: each is whole, and its watermark moves on.
            await foreach (var page in evaluatedPages.Reader.ReadAllAsync(CancellationToken.None))
            {
                var routed = await router.RouteAsync(page.Commit, CancellationToken.None);
                var commit = pageDelivery is null ? routed : routed with { Delivered = pageDelivery.TakeDelivered(), DeliveredBySync = true };
                var result = await pages.CommitPageAsync(commit, CancellationToken.None);
                watermark = commit.Watermark;
                evaluated += commit.Counts.Accounts;
                transitions += commit.Counts.Transitions;
                tasks += commit.Counts.Tasks;
                proposals += commit.Counts.Proposals;
                quarantined += commit.Counts.Quarantined;
                suppressed += page.Suppressed;
                unplaced += page.Unplaced.Count;
                foreach (var u in page.Unplaced)
                {
                    logger.Unplaced(u.AccountId, u.PlaybookId, u.PlaybookVersion, u.State, u.TargetVersion);
                }

                foreach (var q in commit.Quarantined)
                {
                    logger.Quarantined(q.AccountId, q.RecordId, q.Field, q.Reason);
                }

                progress.PageDone(page.Accounts);
                Record(commit.Counts, time.GetElapsedTime(page.Started));
                if (pageDelivery is not null)
                {
                    await committedPages.Writer.WriteAsync(result.Inserted, CancellationToken.None);
                }
            }

            await producer;
            await evaluating;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = SyncOutcome.Cancelled;
            logger.Cancelled(syncId, progress.Done);
        }
        catch (Exception ex)
        {
            logger.Failed(ex, syncId, progress.Done);
            await Stop(stop, committedPages, producer, evaluating, delivering);
            await runs.FinishRunAsync(syncId, SyncRunStatus.Failed, time.GetUtcNow(), CancellationToken.None);
            throw;
        }
        finally
        {
            await Stop(stop, committedPages, producer, evaluating, delivering);
        }

        // The writes delivered since the last commit: marked now (a crash before this re-delivers them, as a no-op).
        if (pageDelivery is not null && pageDelivery.TakeDelivered() is { Count: > 0 } rest)
        {
            await dispatcher.MarkDeliveredAsync(rest, CancellationToken.None);
        }

        await runs.FinishRunAsync(syncId, outcome == SyncOutcome.Completed ? SyncRunStatus.Completed : SyncRunStatus.Cancelled, time.GetUtcNow(),
            CancellationToken.None);
        var summary = new SyncSummary(syncId, mode, outcome, evaluated, progress.Pages, transitions, tasks, proposals, suppressed, unplaced, quarantined,
            pageDelivery?.Delivered ?? 0, 0, time.GetElapsedTime(started), watermark);
        if (outcome == SyncOutcome.Cancelled)
        {
            logger.Finished(summary);
        }

        return summary;
    }

    // Stops the reading and evaluating stages, lets the delivery finish the committed pages handed to it (unless the sync
    // itself is cancelled), and waits for all three.
    private static async Task Stop(CancellationTokenSource stop, Channel<IReadOnlyList<PendingWrite>> committed, Task producer, Task evaluating, Task delivering)
    {
        committed.Writer.TryComplete();
        await stop.CancelAsync();
        await Quietly(producer);
        await Quietly(evaluating);
        await Quietly(delivering);
    }
}
