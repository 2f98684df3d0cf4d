using System.Diagnostics;
using System.Runtime.CompilerServices;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Sync;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Bench.Sync;

/// <summary>Time spent inside each stage's port call, summed over a sync (--stages): where the sync's CPU goes.</summary>
internal sealed class StageTimers
{
    private long _read;
    private long _evaluate;
    private long _commit;
    private long _load;
    private long _deliver;

    public void AddRead(long ticks) => Interlocked.Add(ref _read, ticks);

    public void AddEvaluate(long ticks) => Interlocked.Add(ref _evaluate, ticks);

    public void AddCommit(long ticks) => Interlocked.Add(ref _commit, ticks);

    public void AddLoad(long ticks) => Interlocked.Add(ref _load, ticks);

    public void AddDeliver(long ticks) => Interlocked.Add(ref _deliver, ticks);

    public override string ToString() =>
        $"stages: read={S(_read):0.00}s load={S(_load):0.00}s evaluate={S(_evaluate):0.00}s commit={S(_commit):0.00}s deliver={S(_deliver):0.00}s";

    private static double S(long ticks) => (double)ticks / Stopwatch.Frequency;
}

internal sealed class TimedAccounts(ICrmAccounts inner, StageTimers timers) : ICrmAccounts
{
    public async IAsyncEnumerable<CrmPage> ReadChangedAccountsAsync(string? watermark, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerator = inner.ReadChangedAccountsAsync(watermark, pageSize, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (enumerator)
        {
            while (true)
            {
                var started = Stopwatch.GetTimestamp();
                var more = await enumerator.MoveNextAsync();
                timers.AddRead(Stopwatch.GetTimestamp() - started);
                if (!more)
                {
                    yield break;
                }

                yield return enumerator.Current;
            }
        }
    }

    public Task<long?> CountChangedAccountsAsync(string? watermark, CancellationToken cancellationToken) => inner.CountChangedAccountsAsync(watermark, cancellationToken);

    public Task<IReadOnlyList<CrmAccountRecord>> ReadAccountsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) => inner.ReadAccountsAsync(ids, cancellationToken);

    public IAsyncEnumerable<CrmUser> ReadUsersAsync(CancellationToken cancellationToken) => inner.ReadUsersAsync(cancellationToken);
}

internal sealed class TimedEvaluator(IAccountEvaluator inner, StageTimers timers) : IAccountEvaluator
{
    public AccountEvaluation Evaluate(IReadOnlyList<PlaybookInstance> instances, in EvaluationContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var result = inner.Evaluate(instances, in context);
        timers.AddEvaluate(Stopwatch.GetTimestamp() - started);
        return result;
    }

    public AccountEvaluation FireEvent(IReadOnlyList<PlaybookInstance> instances, string playbookId, PlaybookEvent playbookEvent, in EvaluationContext context) =>
        inner.FireEvent(instances, playbookId, playbookEvent, in context);
}

internal sealed class TimedPages(IPageStore inner, StageTimers timers) : IPageStore
{
    public async Task LoadPageStateAsync(IReadOnlyList<string> accountIds, PageState into, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await inner.LoadPageStateAsync(accountIds, into, cancellationToken);
        timers.AddLoad(Stopwatch.GetTimestamp() - started);
    }

    public async Task<PageCommitResult> CommitPageAsync(PageCommit commit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await inner.CommitPageAsync(commit, cancellationToken);
        timers.AddCommit(Stopwatch.GetTimestamp() - started);
        return result;
    }
}

internal sealed class TimedWriter(ICrmWriter inner, StageTimers timers) : ICrmWriter
{
    public async Task UpsertAsync(CrmWriteBatch batch, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await inner.UpsertAsync(batch, cancellationToken);
        timers.AddDeliver(Stopwatch.GetTimestamp() - started);
    }
}
