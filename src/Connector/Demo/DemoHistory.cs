using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Demo;

/// <summary>What to seed: the data set's size, seed and last day, how many days of history to play before it.</summary>
internal sealed record DemoHistoryRequest(int Accounts, int Seed, DateOnly Today, int Days, double DirtyShare = 0.001);

/// <summary>What a seed with history wrote, for the command's summary line.</summary>
internal sealed record DemoHistorySummary(
    int Accounts, int Subscriptions, int Users, int Days, long Transitions, long Tasks, long OpenTasks, long Proposals, long OpenProposals,
    long Accepted, long MrrMovements);

/// <summary>
/// Seeds the demo data set as a history: the book of business as it stood <see cref="DemoHistoryRequest.Days"/> days ago,
/// then every day up to yesterday played through the published playbooks (<see cref="HistoryAccount"/>), accounts in
/// parallel, each with its own random sequence so the result is the same for a seed. The CRM gets the accounts as they
/// ended with their tasks, proposals, stages, answered events and license changes, in ONE load that commits last; the state
/// store gets the instances, the audit trail and the MRR ledger, page by page, with the CRM's event streams marked applied.
/// The first real sync then starts from a living business.
/// </summary>
internal sealed class DemoHistory(PlaybookRuntime runtime, IOptions<PlaybookOptions> playbooks, ICrmDataLoader crm, IPageStore pages, ISyncRuns runs, TimeProvider time)
{
    private const int ChunkSize = 250;

    /// <param name="beforeCommit">Runs after the state store has everything and before the CRM's load commits.</param>
    public async Task<DemoHistorySummary> SeedAsync(
        DemoHistoryRequest request, Func<CancellationToken, Task>? beforeCommit, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var from = request.Today.AddDays(-request.Days);
        var through = request.Today.AddDays(-1);
        var data = new DemoDataSet(request.Accounts, request.Seed, from, request.DirtyShare);
        var offers = new PublishedOffers(playbooks) { DaysKept = request.Days + 2 };
        var lives = new ConcurrentBag<HistoryAccount>();

        await using var load = await crm.BeginLoadAsync(replace: true, cancellationToken);
        var users = 0;
        foreach (var user in data.Users())
        {
            load.WriteUser(user);
            users++;
        }

        // Without history days the state store is left empty: the first sync starts from nothing, as on a new CRM.
        var played = request.Days > 0;
        var runId = played ? await runs.BeginRunAsync(SyncRunKind.DemoSeed, null, time.GetUtcNow(), cancellationToken) : 0;
        var chunks = Channel.CreateBounded<Task<HistoryResult[]>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(data, request.Seed, from, through, chunks.Writer, lives, runtime, offers, stop.Token), CancellationToken.None);
        var totals = new Totals();
        var ids = default(CrmEventIds);
        try
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync(cancellationToken))
            {
                var results = await chunk;
                ids = Write(load, results, totals, ids);
                if (played)
                {
                    await pages.CommitPageAsync(Commit(runId, results), cancellationToken);
                }

                progress?.Report(totals.Accounts);
            }

            await producer;
        }
        finally
        {
            await stop.CancelAsync();
            await Quietly(producer);
        }

        if (played)
        {
            await MarkAppliedAsync(runId, ids, cancellationToken);
            await runs.FinishRunAsync(runId, SyncRunStatus.Completed, time.GetUtcNow(), cancellationToken);
        }

        if (beforeCommit is not null)
        {
            await beforeCommit(cancellationToken);
        }

        await load.CommitAsync(cancellationToken);
        return new DemoHistorySummary(totals.Accounts, totals.Subscriptions, users, request.Days, totals.Transitions, totals.Tasks, totals.OpenTasks,
            totals.Proposals, totals.OpenProposals, totals.Accepted, totals.Movements);
    }

    private static async Task ProduceAsync(
        DemoDataSet data, int seed, DateOnly from, DateOnly through, ChannelWriter<Task<HistoryResult[]>> writer, ConcurrentBag<HistoryAccount> lives,
        PlaybookRuntime runtime, PublishedOffers offers, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var chunk in data.Accounts().Chunk(ChunkSize))
            {
                var work = Task.Run(() =>
                {
                    var life = lives.TryTake(out var kept) ? kept : new HistoryAccount(runtime, offers);
                    var results = new HistoryResult[chunk.Length];
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        results[i] = life.Live(chunk[i], seed, from, through);
                    }

                    lives.Add(life);
                    return results;
                }, cancellationToken);
                await writer.WriteAsync(work, cancellationToken);
            }

            writer.Complete();
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
        }
    }

    private static CrmEventIds Write(ICrmLoad load, HistoryResult[] results, Totals totals, CrmEventIds ids)
    {
        foreach (var r in results)
        {
            foreach (var s in r.Subscriptions)
            {
                load.WriteSubscription(s);
                totals.Subscriptions++;
            }

            load.WriteUsage(r.Usage);
            foreach (var h in r.UsageHistory)
            {
                load.WriteUsageHistory(h.Usage, h.SeatsUsed);
            }

            load.WriteAccount(r.Account);
            var written = load.WriteHistory(r.Crm);
            ids = new CrmEventIds(Math.Max(ids.TaskEvents, written.TaskEvents), Math.Max(ids.ProposalEvents, written.ProposalEvents));
            totals.Accounts++;
            totals.Transitions += r.Transitions;
            totals.Tasks += r.Tasks;
            totals.Proposals += r.Proposals;
            totals.Movements += r.Movements.Count;
            totals.OpenTasks += r.Crm.Tasks.Count(t => t.Status == CrmTaskStatus.Open);
            totals.OpenProposals += r.Crm.Proposals.Count(p => p.Status == ProposalStatus.Issued);
            totals.Accepted += r.Crm.Proposals.Count(p => p.Status == ProposalStatus.Accepted);
        }

        return ids;
    }

    private PageCommit Commit(long runId, HistoryResult[] results)
    {
        var instances = new List<PlaybookInstance>();
        var audit = new List<AuditEntry>();
        var snapshots = new List<MrrSnapshot>();
        var movements = new List<MrrMovement>();
        long transitions = 0, tasks = 0, proposals = 0;
        foreach (var r in results)
        {
            instances.AddRange(r.Instances);
            audit.AddRange(r.Audit);
            snapshots.AddRange(r.Snapshots);
            movements.AddRange(r.Movements);
            transitions += r.Transitions;
            tasks += r.Tasks;
            proposals += r.Proposals;
        }

        return new PageCommit(runId, time.GetUtcNow(), Watermarks.Accounts, null, instances, audit, [], [], [], [], snapshots, movements,
            new SyncCounts(results.Length, transitions, tasks, proposals, 0), []);
    }

    // The history's events are applied already: the connector's event streams start after them.
    private async Task MarkAppliedAsync(long runId, CrmEventIds ids, CancellationToken cancellationToken)
    {
        foreach (var (source, id) in new[] { (Watermarks.TaskEvents, ids.TaskEvents), (Watermarks.ProposalEvents, ids.ProposalEvents) })
        {
            if (id > 0)
            {
                await pages.CommitPageAsync(new PageCommit(runId, time.GetUtcNow(), source, id.ToString(CultureInfo.InvariantCulture), [], [], [], [], [], [],
                    [], [], default, []), cancellationToken);
            }
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            // Stopping after a failure elsewhere; that failure is what the caller sees.
        }
    }

    private sealed class Totals
    {
        public int Accounts;
        public int Subscriptions;
        public long Transitions;
        public long Tasks;
        public long OpenTasks;
        public long Proposals;
        public long OpenProposals;
        public long Accepted;
        public long Movements;
    }
}
