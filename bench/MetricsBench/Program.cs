using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Metrics;
using CrmSuite.Connector.Store.Sqlite;
using CrmSuite.PlaybookEngine.Metrics;

// A metrics report over a generated ledger (default 1M movements for 100k accounts, two currencies, five years), timed
// three ways: the state store's read alone, the report computation alone (over the rows held in memory), and both
// together (the report folding the store's stream read ahead on the other core, as `crmsuite metrics` does). The ledger is
// written in the order a sync writes it: day by day, each day's movements across the accounts, so an account's rows lie
// scattered over the file as they do in a real state store. Usage:
//   dotnet run -c Release --project bench/MetricsBench -- [accounts] [movements per account] [state.db path]
var accounts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var perAccount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var path = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), $"metrics-bench-{accounts}-{perAccount}-by-day.db");

if (!File.Exists(path))
{
    var watch = Stopwatch.StartNew();
    Generate(path, accounts, perAccount);
    Console.WriteLine($"generated {accounts * perAccount:N0} movements for {accounts:N0} accounts in {watch.Elapsed.TotalSeconds:0.0} s: {path}");
}

var request = new MetricsRequest(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), MetricsGrouping.Month,
    new MetricsOptions { Currency = "USD", Rates = new Dictionary<string, decimal> { ["EUR"] = 1.08m } });

Measure("store read   ", () => SqliteMetricsReads.ReadLedger(path).Count());
var held = SqliteMetricsReads.ReadLedger(path).ToList();
Measure("report only  ", () => MetricsCalculator.Compute(request, MetricsActivity.None, held, null).Total.AccountsAtStart);
held = null;
GC.Collect();
Measure("read + report", () => MetricsCalculator.Compute(request, MetricsActivity.None, ReadAhead.Of(SqliteMetricsReads.ReadLedger(path)), null).Total.AccountsAtStart);
var report = MetricsCalculator.Compute(request, MetricsActivity.None, SqliteMetricsReads.ReadLedger(path), null);
Console.WriteLine($"2025: {report.Total.AccountsAtStart:N0} accounts at start, NRR {report.Total.Nrr}, GRR {report.Total.Grr}, {report.Groups.Count} months, {report.Cohorts.Count} cohorts");
Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");

static void Measure(string name, Func<int> run)
{
    var times = new List<double>();
    var cpus = new List<double>();
    long allocated = 0;
    var result = 0;
    for (var i = 0; i < 4; i++)
    {
        GC.Collect();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        result = run();
        watch.Stop();
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (i > 0)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
            cpus.Add(used.TotalMilliseconds);
        }
    }

    times.Sort();
    cpus.Sort();
    Console.WriteLine($"{name}: {times[0]:0} / {times[1]:0} / {times[2]:0} ms (min / median / max of 3 after a warm-up), CPU {cpus[0]:0} / {cpus[1]:0} / {cpus[2]:0} ms, {allocated / (1024 * 1024)} MiB allocated, result {result:N0}");
}

static void Generate(string path, int accounts, int perAccount)
{
    SqliteStateStore.Open(path, TimeProvider.System).DisposeAsync().AsTask().GetAwaiter().GetResult();
    using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
    connection.Open();
    using var transaction = connection.BeginTransaction();
    using var insert = connection.CreateCommand();
    insert.CommandText = """
        INSERT INTO mrr_ledger (day, account_id, subscription_id, movement, mrr_before, mrr_after, delta, tier_before, tier_after, seats_before, seats_after, currency)
        VALUES ($day, $account, $subscription, $movement, $before, $after, $delta, $tierBefore, $tier, $seatsBefore, $seats, $currency)
        """;
    var p = new[] { "$day", "$account", "$subscription", "$movement", "$before", "$after", "$delta", "$tierBefore", "$tier", "$seatsBefore", "$seats", "$currency" }
        .Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
    string[] tiers = ["starter", "professional", "enterprise"];
    var random = new Random(42);
    var rows = new List<object?[]>(accounts * perAccount);
    var first = new DateOnly(2021, 1, 1);
    for (var a = 0; a < accounts; a++)
    {
        var account = $"A{a:D7}";
        var currency = a % 5 == 0 ? "EUR" : "USD";
        var day = first.AddDays(random.Next(0, 4 * 365));
        var (mrr, seats, tier) = (0m, 0, 0);
        for (var m = 0; m < perAccount; m++)
        {
            var roll = random.Next(100);
            var (newMrr, newSeats, newTier) = mrr == 0
                ? (random.Next(5, 200) * 10m, random.Next(3, 50), random.Next(0, 2))
                : roll < 8 ? (0m, seats, tier)
                : roll < 70 ? (mrr + random.Next(1, 20) * 10m, seats + random.Next(1, 5), Math.Min(2, tier + (roll < 20 ? 1 : 0)))
                : (Math.Max(10m, mrr - random.Next(1, 10) * 10m), Math.Max(1, seats - 1), tier);
            var movement = mrr == 0 ? (m == 0 ? "new" : "reactivation") : newMrr == 0 ? "churn" : newMrr > mrr ? "expansion" : "contraction";
            rows.Add([day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), account, account + "-S1", movement, mrr.ToString(CultureInfo.InvariantCulture),
                newMrr.ToString(CultureInfo.InvariantCulture), (newMrr - mrr).ToString(CultureInfo.InvariantCulture), m == 0 ? null : tiers[tier], tiers[newTier],
                seats, newSeats, currency]);
            (mrr, seats, tier) = (newMrr, newSeats, newTier);
            day = day.AddDays(random.Next(20, 200));
        }
    }

    // As a sync writes: day by day, and within a day account after account (a stable sort keeps the accounts' order).
    foreach (var values in rows.OrderBy(r => (string)r[0]!, StringComparer.Ordinal))
    {
        for (var i = 0; i < values.Length; i++)
        {
            p[i].Value = values[i] ?? DBNull.Value;
        }

        insert.ExecuteNonQuery();
    }

    transaction.Commit();
}
