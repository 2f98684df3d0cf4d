using System.Threading.Channels;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Backtest;

/// <summary>A playbook set to replay: where it came from, the line naming its playbooks, and it compiled with its offers.</summary>
internal sealed record BacktestPlaybooks(string Folder, string Title, PlaybookRuntime Runtime, PublishedOffers Offers);

/// <summary>
/// Replays one or two playbook sets over every account's history, streamed: one reader walks the CRM's timelines (and the
/// MRR ledger beside them, both in account-id order) in chunks, one worker per core replays each chunk's accounts for every
/// set, and the weekly counts are added up at the end. Only the chunks in flight are held; nothing is written anywhere.
/// </summary>
internal sealed class Backtester(ICrmHistory? crm, IMrrHistory mrr, IOptions<Routing.RoutingOptions> routing)
{
    private const int ChunkSize = 256;

    /// <summary>The CRM's history cannot be read: its provider keeps none.</summary>
    public bool Available => crm is not null;

    public async Task<BacktestReport> RunAsync(
        IReadOnlyList<BacktestPlaybooks> sets, BacktestWindow window, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (crm is null)
        {
            throw new CrmHistoryUnavailableException("the connected CRM keeps no usage history; the backtest runs on the embedded CRM (Crm:Provider Embedded)");
        }

        var chunks = Channel.CreateBounded<Item[]>(new BoundedChannelOptions(4) { SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(() => ReadAsync(window, chunks.Writer, progress, stop.Token), CancellationToken.None);
        var workers = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount))
            .Select(_ => Task.Run(() => StopAllOnFailure(Work(sets, window, chunks.Reader, stop.Token), stop), CancellationToken.None))
            .ToArray();
        try
        {
            var done = await Task.WhenAll(workers);
            await reader;
            var rules = routing.Value;
            var capacity = rules.WeeklyCapacity ?? rules.FallbackCapacity;
            var runs = new List<BacktestRun>();
            for (var s = 0; s < sets.Count; s++)
            {
                var weeks = window.NewTallies();
                foreach (var worker in done)
                {
                    for (var w = 0; w < weeks.Length; w++)
                    {
                        weeks[w].Add(worker.Weeks[s][w]);
                    }
                }

                var routed = BacktestRouting.Apply(weeks, window, rules);
                runs.Add(new BacktestRun(sets[s].Folder, sets[s].Title,
                    [.. weeks.Select((t, w) => BacktestReport.Week(window.WeekStart(w), t, rules.CapacityOf, routed[w]))]));
            }

            return new BacktestReport(window.From, window.Through, window.WarmUpDays, capacity, done.Sum(d => d.Accounts), done.Sum(d => d.Evaluations) * sets.Count, runs,
                rules.Mode.ToString().ToLowerInvariant());
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll([reader, .. workers]).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    // A worker that fails stops the reader too (it would wait for room in the channel forever) and the other workers.
    private static async Task<WorkerResult> StopAllOnFailure(Task<WorkerResult> work, CancellationTokenSource stop)
    {
        try
        {
            return await work;
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
    }

    private async Task ReadAsync(BacktestWindow window, ChannelWriter<Item[]> writer, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        try
        {
            await using var movements = mrr.ReadMovementsAsync(window.ReplayFrom.AddDays(-1), cancellationToken).GetAsyncEnumerator(cancellationToken);
            var pending = await movements.MoveNextAsync() ? movements.Current : null;
            var chunk = new List<Item>(ChunkSize);
            long accounts = 0;
            await foreach (var timeline in crm!.ReadTimelinesAsync(window.ReplayFrom, window.Through, cancellationToken))
            {
                var own = new List<MrrMovement>();
                while (pending is not null && string.CompareOrdinal(pending.AccountId, timeline.Account.Id) <= 0)
                {
                    if (pending.AccountId == timeline.Account.Id)
                    {
                        own.Add(pending);
                    }

                    pending = await movements.MoveNextAsync() ? movements.Current : null;
                }

                chunk.Add(new Item(timeline, own));
                if (chunk.Count == ChunkSize)
                {
                    await writer.WriteAsync([.. chunk], cancellationToken);
                    chunk.Clear();
                    progress?.Report(accounts += ChunkSize);
                }
            }

            if (chunk.Count > 0)
            {
                await writer.WriteAsync([.. chunk], cancellationToken);
                progress?.Report(accounts + chunk.Count);
            }

            writer.Complete();
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
            throw;
        }
    }

    private static async Task<WorkerResult> Work(IReadOnlyList<BacktestPlaybooks> sets, BacktestWindow window, ChannelReader<Item[]> chunks, CancellationToken cancellationToken)
    {
        var lives = sets.Select(s => new BacktestAccount(s.Runtime, s.Offers)).ToArray();
        var weeks = sets.Select(_ => window.NewTallies()).ToArray();
        long accounts = 0, evaluations = 0;
        await foreach (var chunk in chunks.ReadAllAsync(cancellationToken))
        {
            foreach (var item in chunk)
            {
                var s = 0;
                try
                {
                    var license = new LicenseHistory(item.Timeline, item.Movements);
                    for (; s < lives.Length; s++)
                    {
                        var days = lives[s].Replay(item.Timeline, license, window, weeks[s]);
                        evaluations += s == 0 ? days : 0;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Name the account and day, so the one line the command prints says where to look.
                    var set = Math.Min(s, lives.Length - 1);
                    throw set < 0
                        ? new BacktestFailedException(item.Timeline.Account.Id, null, "(no playbooks)", ex)
                        : new BacktestFailedException(item.Timeline.Account.Id, lives[set].Day, sets[set].Folder, ex);
                }

                accounts++;
            }
        }

        return new WorkerResult(weeks, accounts, evaluations);
    }

    private sealed record Item(CrmAccountTimeline Timeline, List<MrrMovement> Movements);

    private sealed record WorkerResult(WeekTally[][] Weeks, long Accounts, long Evaluations);
}
