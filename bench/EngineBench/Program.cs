using System.Diagnostics;
using CrmSuite.Bench.Engine;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

// EngineBench: account-playbook evaluations per second over the shipped playbooks,
// compiled runtime against the naive baseline (a fresh Stateless machine per evaluation), in one run.
var accountCount = ArgInt("--accounts", 100_000);
var rounds = ArgInt("--rounds", 20);
var threads = ArgInt("--threads", Environment.ProcessorCount);
var playbookDir = Arg("--playbooks") ?? "playbooks";

var files = Directory.EnumerateFiles(playbookDir, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
    .Select(f => new SourceFile(f, File.ReadAllText(f))).ToList();
var library = PlaybookLibrary.Load(files, SignalCatalog.Default, offers: null);
if (library.HasErrors)
{
    library.Diagnostics.Where(d => d.IsError).ToList().ForEach(d => Console.Error.WriteLine(d));
    return 1;
}

var runtime = PlaybookRuntime.FromLibrary(library, SignalCatalog.Default);
var (accounts, signals) = SyntheticAccounts.Create(accountCount, seed: 42);
var evaluator = new EvaluationRounds(runtime, accounts, signals, threads);
var now = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

Console.WriteLine($"EngineBench: {accountCount:N0} accounts, {runtime.Playbooks.Length} playbooks ({string.Join(", ", runtime.Playbooks.Select(p => p.Id))}), {threads} thread(s), {rounds} rounds");

// The first round starts the instances and lets the first transitions fire, as a first sync would; re-evaluating at
// the same moment then lets the JIT finish optimizing the evaluation before anything is timed.
evaluator.Run(now);
var pairs = evaluator.Instances.Sum(i => (long)i.Length);
Console.WriteLine($"instances after first sync: {pairs:N0} (account-playbook pairs evaluated per round)");
var (warmUpRounds, warmUpTime) = WarmUp.UntilJitSettles(() => evaluator.Run(now));
Console.WriteLine($"warm-up          : {warmUpRounds} rounds in {warmUpTime.TotalSeconds:F1} s, until no method was compiled for {WarmUp.QuietTime.TotalMilliseconds:F0} ms");

var total = default(RoundStats);
var roundRates = new List<double>();
var stopwatch = Stopwatch.StartNew();
for (var round = 1; round <= rounds; round++)
{
    var started = stopwatch.Elapsed;
    var stats = evaluator.Run(now.AddHours(round));
    roundRates.Add(stats.Evaluations / (stopwatch.Elapsed - started).TotalSeconds);
    total += stats;
}

stopwatch.Stop();
var compiledRate = total.Evaluations / stopwatch.Elapsed.TotalSeconds;
Console.WriteLine($"compiled runtime : {compiledRate / 1e6:F2} M evaluations/s  (rounds {roundRates.Min() / 1e6:F2}–{roundRates.Max() / 1e6:F2} M/s, "
    + $"{stopwatch.Elapsed.TotalMilliseconds / rounds:F0} ms per round, {total.ChangedAccounts:N0} accounts changed, "
    + $"{(double)total.AllocatedBytes / total.Evaluations:F2} B allocated per evaluation, summed over the threads)");

var (quietEvaluations, quietBytes) = evaluator.QuietAllocation(now.AddHours(rounds + 1));
Console.WriteLine($"nothing fires    : {(double)quietBytes / quietEvaluations:F2} B allocated per evaluation ({quietBytes:N0} B over {quietEvaluations:N0} evaluations)");

// Baseline on a sample: a fresh machine per evaluation is far slower, so a fifth of the accounts keeps the run short.
var instances = evaluator.Instances;
var sample = Math.Max(1, accountCount / 5);
var baselinePairs = 0L;
var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
stopwatch.Restart();
Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
{
    var local = 0L;
    var (first, last) = (sample * worker / threads, sample * (worker + 1) / threads);
    for (var i = first; i < last; i++)
    {
        foreach (var instance in instances[i])
        {
            NaiveEvaluator.AnyFires(runtime.Find(instance.PlaybookId)!, instance.State, signals[i]);
            local++;
        }
    }

    Interlocked.Add(ref baselinePairs, local);
});
stopwatch.Stop();
var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
var baselineRate = baselinePairs / stopwatch.Elapsed.TotalSeconds;
Console.WriteLine($"naive baseline   : {baselineRate / 1e6:F2} M evaluations/s  ({baselinePairs:N0} evaluations, {(double)allocated / baselinePairs:F0} B allocated per evaluation)");
Console.WriteLine($"speed-up         : {compiledRate / baselineRate:F1}x");
return 0;

string? Arg(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

int ArgInt(string name, int fallback) => Arg(name) is { } text && int.TryParse(text, out var value) ? value : fallback;
