using System.Diagnostics;
using System.Runtime;

namespace CrmSuite.Bench.Engine;

/// <summary>
/// Repeats a round, untimed, until the JIT has settled: no method compiled for <see cref="QuietTime"/>. Tiered compilation
/// first runs unoptimized code through call-counting stubs and promotes hot methods on a background thread after a
/// delay; with every core busy evaluating, that promotion takes far longer than one round, so a fixed warm-up of one
/// round timed the unoptimized code, on two threads much more than on one.
/// </summary>
internal static class WarmUp
{
    /// <summary>Longer than the runtime's call-counting delay (100 ms) plus a background tier-1 compile.</summary>
    public static readonly TimeSpan QuietTime = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="round"/> until the JIT is quiet; returns the rounds run and the time taken.</summary>
    public static (int Rounds, TimeSpan Elapsed) UntilJitSettles(Action round)
    {
        var total = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        var compiled = JitInfo.GetCompiledMethodCount();
        var rounds = 0;
        while (quiet.Elapsed < QuietTime && total.Elapsed < Limit)
        {
            round();
            rounds++;
            var now = JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                quiet.Restart();
            }
        }

        return (rounds, total.Elapsed);
    }
}
