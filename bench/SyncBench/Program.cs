using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Demo;
using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Sync;

// SyncBench: seed | full | incremental, each in its own process so peak RSS is the sync's own.
//   SyncBench seed --accounts 100000 --dir /tmp/bench100k
//   SyncBench full --dir /tmp/bench100k
//   SyncBench incremental --dir /tmp/bench100k --changed 0.01
//   (full and incremental take --page-size N, Sync:PageSize, default 1000)
//   SyncBench store-write      (the state store's page write path alone)
//   (full and incremental take --store postgresql --pg "Host=…;Port=…;Username=…": the state store then lives in the
//    database crmsuite_bench on that server, which `full` drops and creates again)
var verb = args.Length > 0 ? args[0] : "help";
var dir = Arg("--dir") ?? "bench-data";
var crmPath = Path.Combine(dir, "crm.db");
var statePath = Path.Combine(dir, "state.db");
var today = new DateOnly(2026, 11, 24);
var postgres = string.Equals(Arg("--store"), "postgresql", StringComparison.OrdinalIgnoreCase);
var pgServer = Arg("--pg") ?? Environment.GetEnvironmentVariable("CRMSUITE_BENCH_POSTGRES") ?? "Host=127.0.0.1;Username=crmsuite;Database=postgres";
var pgBench = new Npgsql.NpgsqlConnectionStringBuilder(pgServer) { Database = "crmsuite_bench" }.ConnectionString;

// The connector's own composition root, with the engine's runtime over the shipped playbooks (run from the repository
// root, or pass --playbooks).
var timers = args.Contains("--stages") ? new CrmSuite.Bench.Sync.StageTimers() : null;
IHost Connector() => ConnectorComposition.BuildVerbHost(new Dictionary<string, string?>
{
    ["Connector:PlaybooksPath"] = Arg("--playbooks") ?? PublishedPlaybooks.DefaultFolder,
    ["Crm:Embedded:Path"] = crmPath,
    ["Store:Sqlite:Path"] = statePath,
    ["Sync:ProgressIntervalSeconds"] = "5",
    ["Sync:PageSize"] = Arg("--page-size") ?? "1000",
    ["Store:Provider"] = postgres ? "PostgreSql" : "Sqlite",
    ["Store:ConnectionString"] = postgres ? pgBench : null,
}, builder =>
{
    if (timers is not null)
    {
        Decorate<ICrmAccounts>(builder, inner => new CrmSuite.Bench.Sync.TimedAccounts(inner, timers));
        Decorate<IAccountEvaluator>(builder, inner => new CrmSuite.Bench.Sync.TimedEvaluator(inner, timers));
        Decorate<CrmSuite.Connector.Store.IPageStore>(builder, inner => new CrmSuite.Bench.Sync.TimedPages(inner, timers));
        Decorate<ICrmWriter>(builder, inner => new CrmSuite.Bench.Sync.TimedWriter(inner, timers));
    }
});

// Wraps the registered service in a timing decorator (--stages).
static void Decorate<T>(IHostApplicationBuilder builder, Func<T, T> wrap)
    where T : class
{
    var registered = builder.Services.Last(d => d.ServiceType == typeof(T));
    builder.Services.Add(ServiceDescriptor.Singleton(typeof(T), sp => wrap((T)(registered.ImplementationFactory?.Invoke(sp)
        ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)))));
}

switch (verb)
{
    case "seed":
    {
        var accounts = int.Parse(Arg("--accounts") ?? "100000", CultureInfo.InvariantCulture);
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(dir))
        {
            File.Delete(f);
        }

        var watch = Stopwatch.StartNew();
        var host = Connector();
        await using var disposal = (IAsyncDisposable)host;
        var crm = host.Services.GetRequiredService<ICrmDataLoader>();
        var summary = await DemoSeeder.SeedAsync(crm, new DemoDataSet(accounts, 42, today), null, CancellationToken.None);
        Console.WriteLine($"seed: {summary.Accounts} accounts, {summary.Subscriptions} subscriptions in {watch.Elapsed.TotalSeconds:0.0} s");
        break;
    }

    case "full":
    case "incremental":
    {
        if (verb == "full" && postgres)
        {
            await using var server = new Npgsql.NpgsqlConnection(pgServer);
            await server.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand("DROP DATABASE IF EXISTS crmsuite_bench WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
            await using var create = new Npgsql.NpgsqlCommand("CREATE DATABASE crmsuite_bench", server);
            await create.ExecuteNonQueryAsync();
        }
        else if (verb == "full")
        {
            foreach (var f in Directory.GetFiles(dir, "state.db*"))
            {
                File.Delete(f);
            }
        }
        else
        {
            var share = double.Parse(Arg("--changed") ?? "0.01", CultureInfo.InvariantCulture);
            var changed = await Touch(crmPath, share);
            Console.WriteLine($"incremental: changed the usage of {changed} accounts");
        }

        var host = Connector();
        await using var disposal = (IAsyncDisposable)host;
        var pipeline = host.Services.GetRequiredService<SyncPipeline>();
        var evaluator = host.Services.GetRequiredService<IAccountEvaluator>();
        // What the connector's sync job runs: evaluate, commit and deliver page by page (overlapped), then the outbox's rest.
        var watch = Stopwatch.StartNew();
        var summary = await pipeline.RunOnceAsync(verb == "full" ? SyncMode.Full : SyncMode.Incremental, CancellationToken.None);
        watch.Stop();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(
            $"{verb}: store={(postgres ? "postgresql" : "sqlite")} evaluator={evaluator.GetType().Name} accounts={summary.Accounts} wall={watch.Elapsed.TotalSeconds:0.00}s "
            + $"rate={summary.Accounts / watch.Elapsed.TotalSeconds:0} accounts/s transitions={summary.Transitions} tasks={summary.Tasks} "
            + $"proposals={summary.Proposals} quarantined={summary.Quarantined} delivered={summary.Delivered} peak_rss={self.PeakWorkingSet64 / (1024.0 * 1024):0} MiB");
        if (timers is not null)
        {
            Console.WriteLine($"{verb}: {timers}");
            Console.WriteLine($"{verb}: {CrmSuite.Bench.Sync.ThreadCpu.Describe()}");
        }
        break;
    }

    case "store-write":
    {
        // The store's page write path alone: 100 pages of 2000 new instances into a fresh /tmp/store-write.db.
        foreach (var f in Directory.GetFiles("/tmp", "store-write.db*"))
        {
            File.Delete(f);
        }

        await using var store = CrmSuite.Connector.Store.Sqlite.SqliteStateStore.Open("/tmp/store-write.db", TimeProvider.System);
        var watch = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        for (var page = 0; page < 100; page++)
        {
            var instances = new List<CrmSuite.PlaybookEngine.Runtime.PlaybookInstance>();
            for (var i = 0; i < 1000; i++)
            {
                var id = $"A{(page * 1000) + i:D7}";
                instances.Add(new(id, "seat-expansion", 1, "watching", now, 0, 0, []));
                instances.Add(new(id, "churn-rescue", 1, "watching", now, 0, 0, []));
            }

            await store.CommitPageAsync(new(1, now, "x", page.ToString(CultureInfo.InvariantCulture), instances, [], [], [], [], [], [], [], default, []), CancellationToken.None);
        }

        Console.WriteLine($"store-write: 200k instances in {watch.Elapsed.TotalSeconds:0.00} s");
        break;
    }

    default:
        Console.WriteLine("usage: SyncBench seed --accounts N --dir D | full --dir D | incremental --dir D [--changed 0.01] | store-write");
        return 2;
}

return 0;

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

// Changes the usage of a deterministic share of accounts, as a day of CRM activity would.
static async Task<int> Touch(string crmPath, double share)
{
    await using var connection = await EmbeddedCrmSchema.OpenAsync(crmPath, TimeProvider.System, CancellationToken.None);
    await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
    await using var count = connection.CreateCommand();
    count.Transaction = transaction;
    count.CommandText = "SELECT COUNT(*) FROM accounts";
    var total = Convert.ToInt32(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    var n = (int)(total * share);
    var random = new Random(7);
    await using var update = connection.CreateCommand();
    update.Transaction = transaction;
    update.CommandText = "UPDATE usage SET health = MAX(0, health - 1), days_since_last_login = days_since_last_login + 1 WHERE account_id = $id";
    var id = update.Parameters.Add("$id", SqliteType.Text);
    for (var i = 0; i < n; i++)
    {
        id.Value = $"A{random.Next(1, total + 1):D7}";
        await update.ExecuteNonQueryAsync();
    }

    await transaction.CommitAsync();
    return n;
}
