using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// One sync cycle: stream changed accounts page by page from the CRM, load the page's instances in one query, quarantine
/// impossible records, evaluate the rest, commit the page (state, audit, outbox, ledger, watermark) in one transaction,
/// then deliver the outbox. The stages overlap: the next pages are read, loaded and evaluated while the current one
/// commits, and a committed page's CRM writes are delivered while later pages are evaluated and committed.
/// </summary>
internal sealed partial class SyncPipeline(
    ICrmGateway crm,
    IStateStore store,
    IAccountEvaluator evaluator,
    OutboxDispatcher dispatcher,
    TimeProvider time,
    IOptions<SyncOptions> options,
    ILogger<SyncPipeline> logger)
{
    /// <summary>The watermark source name of the CRM's account stream.</summary>
    public const string AccountsWatermark = "crm.accounts";

    // Page builders in flight: one being evaluated, one waiting for the commit, one committing, one waiting for delivery,
    // one being delivered. They bound the sync's memory whatever the number of accounts.
    private const int BuildersInFlight = 5;

    private readonly SyncOptions _options = options.Value;

    /// <summary>
    /// Syncs the accounts, delivering each committed page's CRM writes during the sync, then delivers whatever the outbox
    /// still holds (earlier failures, a crashed run's rows); the summary covers both.
    /// </summary>
    public async Task<SyncSummary> RunOnceAsync(SyncMode mode, CancellationToken cancellationToken)
    {
        var summary = await RunAsync(mode, deliver: true, cancellationToken);
        if (summary.Outcome != SyncOutcome.Completed)
        {
            return summary;
        }

        var started = time.GetTimestamp();
        var dispatch = await dispatcher.DispatchAsync(cancellationToken);
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
        RunAsync(mode, deliver: false, cancellationToken);

    private async Task<SyncSummary> RunAsync(SyncMode mode, bool deliver, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var stored = await store.GetWatermarkAsync(AccountsWatermark, cancellationToken);
        var from = mode == SyncMode.Full ? null : stored;
        var syncId = await store.BeginSyncAsync(mode == SyncMode.Full ? "full" : "incremental", from, time.GetUtcNow(), cancellationToken);
        var total = await crm.CountChangedAccountsAsync(from, cancellationToken);
        logger.Started(syncId, mode, from ?? "(start)", total);

        var progress = new SyncProgress(logger, time, syncId, total, TimeSpan.FromSeconds(_options.ProgressIntervalSeconds));
        var triggeredBy = $"sync #{syncId} ({(mode == SyncMode.Full ? "full" : "incremental")})";
        long evaluated = 0, transitions = 0, tasks = 0, proposals = 0, suppressed = 0, quarantined = 0;
        var watermark = stored;

        var free = Channel.CreateUnbounded<PageBuilder>();
        for (var i = 0; i < BuildersInFlight; i++)
        {
            free.Writer.TryWrite(new PageBuilder());
        }

        var one = new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true };
        var pages = Channel.CreateBounded<CrmPage>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var evaluatedPages = Channel.CreateBounded<EvaluatedPage>(one);
        var committedPages = Channel.CreateBounded<PageBuilder>(one);
        var delivery = deliver ? new PageDelivery(crm, logger) : null;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ReadPagesAsync(from, pages.Writer, stop.Token), CancellationToken.None);
        var evaluating = Task.Run(() => EvaluatePagesAsync(pages.Reader, free.Reader, evaluatedPages.Writer, syncId, triggeredBy, stop.Token),
            CancellationToken.None);
        var delivering = delivery is null ? Task.CompletedTask
            : Task.Run(() => delivery.RunAsync(committedPages.Reader, free.Writer, cancellationToken), CancellationToken.None);
        var outcome = SyncOutcome.Completed;
        try
        {
            // Pages evaluated before a cancellation or failure still commit: each is whole, and its watermark moves on.
            await foreach (var item in evaluatedPages.Reader.ReadAllAsync(CancellationToken.None))
            {
                var commit = delivery is null ? item.Commit : item.Commit with { Delivered = delivery.TakeDelivered() };
                await store.CommitPageAsync(commit, CancellationToken.None);
                watermark = commit.Watermark;
                evaluated += commit.Counts.Accounts;
                transitions += commit.Counts.Transitions;
                tasks += commit.Counts.Tasks;
                proposals += commit.Counts.Proposals;
                quarantined += commit.Counts.Quarantined;
                suppressed += item.Builder.Suppressed;
                foreach (var q in item.Builder.Quarantined)
                {
                    logger.Quarantined(q.AccountId, q.RecordId, q.Field, q.Reason);
                }

                progress.PageDone(item.Accounts);
                Record(commit.Counts, time.GetElapsedTime(item.Started));
                if (delivery is null)
                {
                    free.Writer.TryWrite(item.Builder);
                }
                else
                {
                    await committedPages.Writer.WriteAsync(item.Builder, CancellationToken.None);
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
            await store.FinishSyncAsync(syncId, "failed", time.GetUtcNow(), CancellationToken.None);
            throw;
        }
        finally
        {
            await Stop(stop, committedPages, producer, evaluating, delivering);
        }

        // The writes delivered since the last commit: marked now (a crash before this re-delivers them, as a no-op).
        if (delivery is not null && delivery.TakeDelivered() is { Count: > 0 } rest)
        {
            await store.MarkDeliveredAsync(rest, time.GetUtcNow(), CancellationToken.None);
        }

        await store.FinishSyncAsync(syncId, outcome == SyncOutcome.Completed ? "completed" : "cancelled", time.GetUtcNow(), CancellationToken.None);
        var summary = new SyncSummary(syncId, mode, outcome, evaluated, progress.Pages, transitions, tasks, proposals, suppressed, quarantined,
            delivery?.Delivered ?? 0, 0, time.GetElapsedTime(started), watermark);
        if (outcome == SyncOutcome.Cancelled)
        {
            logger.Finished(summary);
        }

        return summary;
    }

    // Stops the reading and evaluating stages, lets the delivery finish the committed pages handed to it (unless the sync
    // itself is cancelled), and waits for all three.
    private static async Task Stop(CancellationTokenSource stop, Channel<PageBuilder> committed, Task producer, Task evaluating, Task delivering)
    {
        committed.Writer.TryComplete();
        await stop.CancelAsync();
        await Quietly(producer);
        await Quietly(evaluating);
        await Quietly(delivering);
    }
}
