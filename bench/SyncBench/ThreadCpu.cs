using System.Globalization;
using System.Text;

namespace CrmSuite.Bench.Sync;

/// <summary>
/// CPU time (user+system) of this process's threads grouped by name, read from /proc (--stages, Linux): which of the
/// runtime's threads — thread-pool workers, the finalizer, the tiered JIT, the GC — took the sync's CPU.
/// </summary>
internal static class ThreadCpu
{
    public static string Describe()
    {
        if (!Directory.Exists("/proc/self/task"))
        {
            return "threads: (no /proc)";
        }

        var ticksPerSecond = 100.0;
        var byName = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            // pid (comm) state ... field 14 utime, 15 stime; comm may hold spaces, so split after the closing parenthesis.
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            var name = stat[(open + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            var seconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ticksPerSecond;
            byName[name] = byName.GetValueOrDefault(name) + seconds;
        }

        var text = new StringBuilder("threads:");
        foreach (var (name, seconds) in byName.OrderByDescending(p => p.Value))
        {
            if (seconds >= 0.05)
            {
                text.Append(CultureInfo.InvariantCulture, $" [{name}]={seconds:0.00}s");
            }
        }

        // What the process handed the kernel to write (WAL, checkpoints, database files): the byte volume of a sync.
        if (File.Exists("/proc/self/io"))
        {
            foreach (var line in File.ReadLines("/proc/self/io"))
            {
                if (line.StartsWith("wchar:", StringComparison.Ordinal))
                {
                    text.Append(CultureInfo.InvariantCulture, $" written={long.Parse(line[6..].Trim(), CultureInfo.InvariantCulture) / (1024.0 * 1024):0} MiB");
                }
            }
        }

        // What the managed heap did: bytes allocated, collections per generation, time paused.
        text.Append(CultureInfo.InvariantCulture,
            $" allocated={GC.GetTotalAllocatedBytes() / (1024.0 * 1024):0} MiB gc={GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} gc_pause={GC.GetTotalPauseDuration().TotalSeconds:0.00}s");
        return text.ToString();
    }
}
