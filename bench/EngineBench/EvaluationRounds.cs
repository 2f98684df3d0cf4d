using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Bench.Engine;

/// <summary>
/// Re-evaluates every account's playbooks, one contiguous range of accounts per thread, as a sync would, and counts
/// what each thread allocated while doing it.
/// </summary>
internal sealed class EvaluationRounds(PlaybookRuntime runtime, Account[] accounts, SignalVector[] signals, int threads)
{
    private readonly PlaybookInstance[][] _instances = CreateEmpty(accounts.Length);

    public PlaybookInstance[][] Instances => _instances;

    /// <summary>Evaluates every account once at <paramref name="at"/> and stores the instances that changed.</summary>
    public RoundStats Run(DateTimeOffset at)
    {
        var stats = new RoundStats[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
        {
            var (first, last) = Range(worker, accounts.Length);
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var evaluations = 0L;
            var changed = 0L;
            for (var i = first; i < last; i++)
            {
                var context = new EvaluationContext(accounts[i], signals[i], ContactHistory.None, at);
                var result = runtime.EvaluateAccount(_instances[i], context);
                evaluations += _instances[i].Length;
                if (!result.Changed.IsEmpty)
                {
                    _instances[i] = Merge(_instances[i], result.Changed);
                    changed++;
                }
            }

            stats[worker] = new RoundStats(evaluations, changed, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
        });
        return stats.Aggregate(default(RoundStats), (sum, part) => sum + part);
    }

    /// <summary>
    /// Evaluates every account once more, reading each thread's allocation counter around every call, and returns the
    /// bytes allocated by the evaluations where nothing fired. Untimed: the counter reads would distort a timing.
    /// </summary>
    public (long Evaluations, long Bytes) QuietAllocation(DateTimeOffset at)
    {
        var evaluations = new long[threads];
        var bytes = new long[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
        {
            var (first, last) = Range(worker, accounts.Length);
            for (var i = first; i < last; i++)
            {
                var context = new EvaluationContext(accounts[i], signals[i], ContactHistory.None, at);
                var before = GC.GetAllocatedBytesForCurrentThread();
                var result = runtime.EvaluateAccount(_instances[i], context);
                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (result.IsEmpty)
                {
                    evaluations[worker] += _instances[i].Length;
                    bytes[worker] += allocated;
                }
                else
                {
                    _instances[i] = Merge(_instances[i], result.Changed);
                }
            }
        });
        return (evaluations.Sum(), bytes.Sum());
    }

    private (int First, int Last) Range(int worker, int count) => (count * worker / threads, count * (worker + 1) / threads);

    private static PlaybookInstance[][] CreateEmpty(int count)
    {
        var instances = new PlaybookInstance[count][];
        Array.Fill(instances, []);
        return instances;
    }

    private static PlaybookInstance[] Merge(PlaybookInstance[] current, ImmutableArray<PlaybookInstance> changed)
    {
        var list = current.ToList();
        foreach (var instance in changed)
        {
            var index = list.FindIndex(i => i.PlaybookId == instance.PlaybookId);
            if (index >= 0)
            {
                list[index] = instance;
            }
            else
            {
                list.Add(instance);
            }
        }

        return [.. list];
    }
}
