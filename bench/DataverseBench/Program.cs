using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Crm.Dataverse.Gateway;
using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Sync;
using CrmSuite.DataverseEmulator;

// DataverseBench: a first sync of N accounts from the Dataverse emulator through the connector's real sync pipeline, with
// the Dataverse gateway behind the CRM port, over HTTP on loopback.
//   DataverseBench --accounts 10000                     requests per sync against the floor
//   DataverseBench --accounts 100000 --latency-ms 20    wall time with 20 ms added to every request
//   DataverseBench --accounts 10000 --contact-days 0    without a contact policy (no task read; 30 days by default)
// Every other account uses all its seats and gets one task and one stage write (FullSeatsEvaluator).
var accounts = int.Parse(Arg("--accounts") ?? "10000", CultureInfo.InvariantCulture);
var latency = TimeSpan.FromMilliseconds(int.Parse(Arg("--latency-ms") ?? "0", CultureInfo.InvariantCulture));
// The window of a contact policy counting upgrade tasks (1 touch per N days): the full read adds one paged read of the tasks
// of that window. 0 runs without a policy, as the shipped playbooks do (no task is read).
var contactDays = int.Parse(Arg("--contact-days") ?? "30", CultureInfo.InvariantCulture);
var policy = contactDays > 0
    ? new CrmSuite.PlaybookEngine.Playbooks.ContactPolicy("contact-policy.md", new CrmSuite.PlaybookEngine.Playbooks.TouchLimit(1, contactDays), null,
        [CrmSuite.PlaybookEngine.Playbooks.TouchKind.Proposal, CrmSuite.PlaybookEngine.Playbooks.TouchKind.UpgradeTask])
    : null;
var options = new DataverseGatewayOptions();
var dir = Directory.CreateTempSubdirectory("dataversebench-").FullName;

try
{
    await using var dv = await DataverseEmulator.StartAsync();
    await CrmSuiteSchema.DeployAsync(dv);
    var seeding = Stopwatch.StartNew();
    CrmSuiteAccounts.Seed(dv, accounts, i => i % 2 == 0 ? 10 : 5);
    Console.WriteLine($"seed: {accounts} accounts (with a license and a usage row each) in {seeding.Elapsed.TotalSeconds:F1} s");

    using var http = new HttpClient { BaseAddress = dv.ServiceRoot, Timeout = TimeSpan.FromMinutes(10) };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", dv.Options.AccessToken);
    var gateway = new DataverseGateway(http, Options.Create(options), TimeProvider.System, NullLogger<DataverseGateway>.Instance, () => policy);
    var statePath = Path.Combine(dir, "state.db");
    using var host = ConnectorComposition.BuildVerbHost(new Dictionary<string, string?>
    {
        ["Crm:Embedded:Path"] = Path.Combine(dir, "unused-embedded-crm.db"),
        ["Store:Sqlite:Path"] = statePath,
        ["Sync:PageSize"] = Arg("--page-size") ?? "1000",
        ["Logging:LogLevel:Default"] = "Warning",
    }, builder =>
    {
        builder.Services.AddSingleton<IAccountEvaluator>(new CrmSuite.DataverseBench.FullSeatsEvaluator());
        builder.Services.AddSingleton<ICrmAccounts>(gateway);
        builder.Services.AddSingleton<ICrmWriter>(gateway);
        builder.Services.AddSingleton<ICrmTaskEvents>(gateway);
        builder.Services.AddSingleton<ICrmProposals>(gateway);
        builder.Services.AddSingleton<ICrmLicenses>(gateway);
        builder.Services.AddSingleton<ICrmWorkQueue>(gateway);
    });
    var pipeline = host.Services.GetRequiredService<SyncPipeline>();

    // The tasks of the window when the read starts (none on a first sync: the read is one empty page).
    var windowTasks = policy is null ? 0 : dv.Count("task");
    dv.ClearRequestLog();
    dv.Faults.Latency = latency;
    var syncing = Stopwatch.StartNew();
    var summary = await pipeline.RunOnceAsync(SyncMode.Incremental, CancellationToken.None);
    syncing.Stop();
    dv.Faults.Latency = TimeSpan.Zero;
    if (summary.Outcome != SyncOutcome.Completed || summary.DeliveryFailures > 0)
    {
        Console.Error.WriteLine($"the sync did not complete: {summary.Outcome}, {summary.DeliveryFailures} delivery failure(s)");
        return 1;
    }

    var log = dv.Requests;
    var writes = await ScalarAsync(statePath, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL");
    // The floor: every row of the three scanned tables, the proposals and, under a contact policy, the tasks of its window
    // (contact history) read once at the largest page (5000; an empty table is one page), every write sent in full batches.
    var proposals = dv.Count("cs_upgradeproposal");
    var pagesRead = 3 * Ceiling(accounts, 5000) + Math.Max(1, Ceiling(proposals, 5000)) + (policy is null ? 0 : Math.Max(1, Ceiling(windowTasks, 5000)));
    var floor = pagesRead + Ceiling(writes, options.BatchSize);
    var gets = log.Count(r => r.Method == "GET");
    var batches = log.Count(r => r.Url.EndsWith("$batch", StringComparison.Ordinal));
    Console.WriteLine($"sync: {summary.Accounts} accounts, {summary.Pages} pages, {summary.Tasks} tasks, {writes} writes delivered, "
        + $"{syncing.Elapsed.TotalSeconds:F1} s with {latency.TotalMilliseconds:F0} ms added per request");
    Console.WriteLine($"requests: {log.Count} ({gets} GET, {batches} $batch, {log.Count - gets - batches} other); gateway counted {gateway.Requests}");
    Console.WriteLine($"emulator: {log.Sum(r => r.Answering.TotalSeconds):F1} s answering (GET {log.Where(r => r.Method == "GET").Sum(r => r.Answering.TotalSeconds):F1} s, "
        + $"$batch {log.Where(r => r.Url.EndsWith("$batch", StringComparison.Ordinal)).Sum(r => r.Answering.TotalSeconds):F1} s)");
    using var process = Process.GetCurrentProcess();
    Console.WriteLine($"memory: peak working set {process.PeakWorkingSet64 / (1024 * 1024)} MiB (emulator and its {accounts} accounts included), "
        + $"managed heap after the sync {GC.GetTotalMemory(forceFullCollection: false) / (1024 * 1024)} MiB");
    Console.WriteLine($"floor: {pagesRead} pages read + ceil({writes} / {options.BatchSize}) = {floor}; ratio {(double)log.Count / floor:F2}x");
    return 0;
}
finally
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(dir, recursive: true);
}

static long Ceiling(long count, long size) => (count + size - 1) / size;

static async Task<long> ScalarAsync(string path, string sql)
{
    await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
    await connection.OpenAsync();
    await using var command = connection.CreateCommand();
    command.CommandText = sql;
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

string? Arg(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
