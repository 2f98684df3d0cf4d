using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// One sync cycle: stream changed accounts page by page from the CRM, load the page's instances in one query, quarantine
/// impossible records, evaluate the rest, commit the page (state, audit, outbox, ledger, watermark) in one transaction,
/// then deliver the outbox. The next page is read while the current one is evaluated and committed.
/// </summary>
internal sealed class SyncPipeline(
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

    private readonly SyncOptions _options = options.Value;

    /// <summary>Syncs the accounts and then delivers the outbox; the summary covers both.</summary>
    public async Task<SyncSummary> RunOnceAsync(SyncMode mode, CancellationToken cancellationToken)
    {
        var summary = await SyncAccountsAsync(mode, cancellationToken);
        if (summary.Outcome != SyncOutcome.Completed)
        {
            return summary;
        }

        var started = time.GetTimestamp();
        var dispatch = await dispatcher.DispatchAsync(cancellationToken);
        var result = summary with
        {
            Delivered = dispatch.Delivered,
            DeliveryFailures = dispatch.Failed,
            Duration = summary.Duration + time.GetElapsedTime(started),
        };
        logger.Finished(result);
        return result;
    }

    /// <summary>
    /// Evaluates the changed accounts (all of them for <see cref="SyncMode.Full"/>) without delivering the outbox.
    /// Cancellation stops between pages or before a page's commit: the summary says <see cref="SyncOutcome.Cancelled"/> and
    /// every committed page stays committed, with the watermark after the last of them.
    /// </summary>
    public async Task<SyncSummary> SyncAccountsAsync(SyncMode mode, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var stored = await store.GetWatermarkAsync(AccountsWatermark, cancellationToken);
        var from = mode == SyncMode.Full ? null : stored;
        var syncId = await store.BeginSyncAsync(mode == SyncMode.Full ? "full" : "incremental", from, time.GetUtcNow(), cancellationToken);
        var total = await crm.CountChangedAccountsAsync(from, cancellationToken);
        logger.Started(syncId, mode, from ?? "(start)", total);

        var progress = new SyncProgress(logger, time, syncId, total, TimeSpan.FromSeconds(_options.ProgressIntervalSeconds));
        var triggeredBy = $"sync #{syncId} ({(mode == SyncMode.Full ? "full" : "incremental")})";
        var page = new PageBuilder();
        var state = new PageState();
        var ids = new List<string>(_options.PageSize);
        var violations = new List<QuarantineRules.Violation>();
        long evaluated = 0, transitions = 0, tasks = 0, proposals = 0, suppressed = 0, quarantined = 0;
        var watermark = stored;

        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pages = Channel.CreateBounded<CrmPage>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => ReadPagesAsync(from, pages.Writer, reading.Token), CancellationToken.None);
        var outcome = SyncOutcome.Completed;
        try
        {
            await foreach (var crmPage in pages.Reader.ReadAllAsync(cancellationToken))
            {
                var pageStarted = time.GetTimestamp();
                page.Clear();
                ids.Clear();
                foreach (var record in crmPage.Accounts)
                {
                    ids.Add(record.Account.Id);
                }

                await store.LoadPageStateAsync(ids, state, cancellationToken);
                var commit = EvaluatePage(crmPage, state, page, violations, syncId, triggeredBy, cancellationToken);
                await store.CommitPageAsync(commit, cancellationToken);
                watermark = crmPage.Watermark;
                evaluated += commit.Counts.Accounts;
                transitions += commit.Counts.Transitions;
                tasks += commit.Counts.Tasks;
                proposals += commit.Counts.Proposals;
                quarantined += commit.Counts.Quarantined;
                suppressed += page.Suppressed;
                foreach (var q in page.Quarantined)
                {
                    logger.Quarantined(q.AccountId, q.RecordId, q.Field, q.Reason);
                }

                progress.PageDone(crmPage.Accounts.Length);
                Record(commit.Counts, time.GetElapsedTime(pageStarted));
            }

            await producer;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = SyncOutcome.Cancelled;
            logger.Cancelled(syncId, progress.Done);
        }
        catch (Exception ex)
        {
            logger.Failed(ex, syncId, progress.Done);
            await reading.CancelAsync();
            await store.FinishSyncAsync(syncId, "failed", time.GetUtcNow(), CancellationToken.None);
            throw;
        }
        finally
        {
            await reading.CancelAsync();
            await Quietly(producer);
        }

        await store.FinishSyncAsync(syncId, outcome == SyncOutcome.Completed ? "completed" : "cancelled", time.GetUtcNow(), CancellationToken.None);
        var summary = new SyncSummary(syncId, mode, outcome, evaluated, progress.Pages, transitions, tasks, proposals, suppressed, quarantined,
            0, 0, time.GetElapsedTime(started), watermark);
        if (outcome == SyncOutcome.Cancelled)
        {
            logger.Finished(summary);
        }

        return summary;
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
            // The reader stops when the sync stops; its cancellation is the expected end, already reported by the sync.
        }
        catch (Exception) when (task.IsFaulted)
        {
            // A reader failure reached the consumer through the channel and was reported there.
        }
    }
}
