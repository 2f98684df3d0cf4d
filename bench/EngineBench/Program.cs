using System.Diagnostics;
using CrmSuite.Bench.Engine;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

// EngineBench: account-playbook evaluations per second over the shipped playbooks,
// compiled runtime against the naive baseline (a fresh Stateless machine per evaluation), in one run.
var accountCount = ArgInt("--accounts", 100_000);
var rounds = ArgInt("--rounds", 5);
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
var instances = new PlaybookInstance[accountCount][];
Array.Fill(instances, []);
var now = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

Console.WriteLine($"EngineBench: {accountCount:N0} accounts, {runtime.Playbooks.Length} playbooks ({string.Join(", ", runtime.Playbooks.Select(p => p.Id))}), {threads} thread(s), {rounds} rounds");

// Warm-up round: starts the instances and lets the first transitions fire, as a first sync would.
RunRound(now);
var pairs = instances.Sum(i => i.Length);
Console.WriteLine($"instances after first sync: {pairs:N0} (account-playbook pairs evaluated per round)");

var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var stopwatch = Stopwatch.StartNew();
for (var round = 1; round <= rounds; round++)
{
    RunRound(now.AddHours(round));
}

stopwatch.Stop();
var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
var compiledRate = (double)pairs * rounds / stopwatch.Elapsed.TotalSeconds;
Console.WriteLine($"compiled runtime : {compiledRate / 1e6:F2} M evaluations/s  ({stopwatch.Elapsed.TotalMilliseconds / rounds:F0} ms per round, {(double)allocated / (pairs * (long)rounds):F1} B allocated per evaluation)");

// Baseline on a sample: a fresh machine per evaluation is far slower, so a fifth of the accounts keeps the run short.
var sample = Math.Max(1, accountCount / 5);
var baselinePairs = 0L;
allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
stopwatch.Restart();
Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
{
    var local = 0L;
    var (first, last) = Range(worker, sample);
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
allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
var baselineRate = baselinePairs / stopwatch.Elapsed.TotalSeconds;
Console.WriteLine($"naive baseline   : {baselineRate / 1e6:F2} M evaluations/s  ({baselinePairs:N0} evaluations, {(double)allocated / baselinePairs:F0} B allocated per evaluation)");
Console.WriteLine($"speed-up         : {compiledRate / baselineRate:F1}x");
return 0;

void RunRound(DateTimeOffset at)
{
    Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
    {
        // Contiguous ranges per worker: each thread walks its own part of the arrays, not every other element.
        var (first, last) = Range(worker, accountCount);
        for (var i = first; i < last; i++)
        {
            var context = new EvaluationContext(accounts[i], signals[i], ContactHistory.None, at);
            var result = runtime.EvaluateAccount(instances[i], context);
            if (!result.Changed.IsEmpty)
            {
                instances[i] = Merge(instances[i], result.Changed);
            }
        }
    });
}

(int First, int Last) Range(int worker, int count) => (count * worker / threads, count * (worker + 1) / threads);

static PlaybookInstance[] Merge(PlaybookInstance[] current, System.Collections.Immutable.ImmutableArray<PlaybookInstance> changed)
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

string? Arg(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

int ArgInt(string name, int fallback) => Arg(name) is { } text && int.TryParse(text, out var value) ? value : fallback;
