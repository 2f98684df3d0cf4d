using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Sync;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Bench.Sync;

/// <summary>
/// Time spent inside each stage's port call, summed over a sync (--stages): where the sync's CPU goes. Wall time and the
/// calling thread's CPU time: on a shared machine the first grows with the load, the second much less. The port calls
/// run synchronously on one thread (SQLite's async API only wraps its synchronous one), so the thread's clock covers them.
/// </summary>
internal sealed partial class StageTimers
{
    private long _read;
    private long _evaluate;
    private long _commit;
    private long _load;
    private long _deliver;
    private long _readCpu;
    private long _evaluateCpu;
    private long _commitCpu;
    private long _loadCpu;
    private long _deliverCpu;

    /// <summary>The calling thread's CPU time (user+system), in nanoseconds.</summary>
    public static long ThreadCpu() => ClockGetTime(ThreadCpuClock, out var t) == 0 ? (t.Seconds * 1_000_000_000) + t.Nanoseconds : 0;

    public void AddReadCpu(long ns) => Interlocked.Add(ref _readCpu, ns);

    public void AddEvaluateCpu(long ns) => Interlocked.Add(ref _evaluateCpu, ns);

    public void AddCommitCpu(long ns) => Interlocked.Add(ref _commitCpu, ns);

    public void AddLoadCpu(long ns) => Interlocked.Add(ref _loadCpu, ns);

    public void AddDeliverCpu(long ns) => Interlocked.Add(ref _deliverCpu, ns);

    public void AddRead(long ticks) => Interlocked.Add(ref _read, ticks);

    public void AddEvaluate(long ticks) => Interlocked.Add(ref _evaluate, ticks);

    public void AddCommit(long ticks) => Interlocked.Add(ref _commit, ticks);

    public void AddLoad(long ticks) => Interlocked.Add(ref _load, ticks);

    public void AddDeliver(long ticks) => Interlocked.Add(ref _deliver, ticks);

    public override string ToString() =>
        $"stages: read={S(_read):0.00}s load={S(_load):0.00}s evaluate={S(_evaluate):0.00}s commit={S(_commit):0.00}s deliver={S(_deliver):0.00}s"
        + $" | cpu: read={N(_readCpu):0.00}s load={N(_loadCpu):0.00}s evaluate={N(_evaluateCpu):0.00}s commit={N(_commitCpu):0.00}s deliver={N(_deliverCpu):0.00}s";

    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    private static double S(long ticks) => (double)ticks / Stopwatch.Frequency;

    private static double N(long ns) => ns / 1e9;

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
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
                var cpu = StageTimers.ThreadCpu();
                var more = await enumerator.MoveNextAsync();
                timers.AddReadCpu(StageTimers.ThreadCpu() - cpu);
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
        var cpu = StageTimers.ThreadCpu();
        var result = inner.Evaluate(instances, in context);
        timers.AddEvaluateCpu(StageTimers.ThreadCpu() - cpu);
        timers.AddEvaluate(Stopwatch.GetTimestamp() - started);
        return result;
    }

    public AccountEvaluation FireEvent(IReadOnlyList<PlaybookInstance> instances, string playbookId, PlaybookEvent playbookEvent, in EvaluationContext context) =>
        inner.FireEvent(instances, playbookId, playbookEvent, in context);
}

internal sealed class TimedPages(IPageStore inner, StageTimers timers) : IPageStore
{
    public async Task LoadPageStateAsync(IReadOnlyList<string> accountIds, IReadOnlyList<string> subscriptionIds, PageState into, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var cpu = StageTimers.ThreadCpu();
        await inner.LoadPageStateAsync(accountIds, subscriptionIds, into, cancellationToken);
        timers.AddLoadCpu(StageTimers.ThreadCpu() - cpu);
        timers.AddLoad(Stopwatch.GetTimestamp() - started);
    }

    public async Task<PageCommitResult> CommitPageAsync(PageCommit commit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var cpu = StageTimers.ThreadCpu();
        var result = await inner.CommitPageAsync(commit, cancellationToken);
        timers.AddCommitCpu(StageTimers.ThreadCpu() - cpu);
        timers.AddCommit(Stopwatch.GetTimestamp() - started);
        return result;
    }
}

internal sealed class TimedWriter(ICrmWriter inner, StageTimers timers) : ICrmWriter
{
    public async Task UpsertAsync(CrmWriteBatch batch, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var cpu = StageTimers.ThreadCpu();
        await inner.UpsertAsync(batch, cancellationToken);
        timers.AddDeliverCpu(StageTimers.ThreadCpu() - cpu);
        timers.AddDeliver(Stopwatch.GetTimestamp() - started);
    }
}
