// DashboardBench: the dashboard's first page on 1M MRR movements for 100k accounts (docs/benchmarks.md, "Dashboard").
//   DashboardBench seed --dir D [--accounts 100000] [--movements 1000000]
//       the demo CRM of N accounts, and a state store whose ledger holds M movements spread over those accounts
//   DashboardBench measure --dir D [--runs 20]
//       starts the real host (`crmsuite run`) on D, waits until its first page's report is kept, then opens /dashboard in
//       headless Chromium N times (cold, a new context each) and N/2 times warm (its scripts and style sheet cached), timing from the page's
//       clock the first screen drawn and every chart drawn after scrolling (with DOMContentLoaded and when its report had
//       answered); also times one report computed on demand
//   DashboardBench probe --url U [--runs 10]
//       any page's browser-side times (HTML received, parsed, first paint), cold and warm: the browser's own floor
//   DashboardBench report --dir D [--runs 3]
//       the first page's report computed in-process, stage by stage (each read of the CRM and the store, the fold, the
//       usage read, adoption), with wall and CPU time, then the whole report as the dashboard builds it
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Demo;
using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Playbooks;

var verb = args.Length > 0 ? args[0] : "help";
var dir = Path.GetFullPath(Arg("--dir") ?? "dashboard-bench");
var crmPath = Path.Combine(dir, "crm.db");
var statePath = Path.Combine(dir, "state.db");
var today = new DateOnly(2026, 11, 24);

switch (verb)
{
    case "seed":
        await SeedAsync(int.Parse(Arg("--accounts") ?? "100000", CultureInfo.InvariantCulture), int.Parse(Arg("--movements") ?? "1000000", CultureInfo.InvariantCulture));
        break;
    case "measure":
        await MeasureAsync(int.Parse(Arg("--runs") ?? "20", CultureInfo.InvariantCulture));
        break;
    case "probe":
        await ProbeAsync(Arg("--url")!, int.Parse(Arg("--runs") ?? "10", CultureInfo.InvariantCulture));
        break;
    case "report":
        await ReportStages.RunAsync(crmPath, statePath, today, int.Parse(Arg("--runs") ?? "3", CultureInfo.InvariantCulture));
        break;
    default:
        Console.WriteLine("usage: DashboardBench seed --dir D [--accounts N] [--movements M] | measure --dir D [--runs N] | report --dir D [--runs N]");
        return 2;
}

return 0;

async Task SeedAsync(int accounts, int movements)
{
    Directory.CreateDirectory(dir);
    foreach (var f in Directory.GetFiles(dir))
    {
        File.Delete(f);
    }

    var watch = Stopwatch.StartNew();
    using (var host = ConnectorComposition.BuildVerbHost(new Dictionary<string, string?>
    {
        ["Connector:PlaybooksPath"] = PublishedPlaybooks.DefaultFolder,
        ["Crm:Embedded:Path"] = crmPath,
        ["Store:Sqlite:Path"] = statePath,
    }, null))
    {
        var crm = host.Services.GetRequiredService<ICrmDataLoader>();
        await DemoSeeder.SeedAsync(crm, new DemoDataSet(accounts, 42, today), null, CancellationToken.None);
        // Building the state store applies its migrations.
        _ = host.Services.GetRequiredService<CrmSuite.Connector.Store.IStoreStatus>().Location;
        await ((IAsyncDisposable)host).DisposeAsync();
    }

    Console.WriteLine($"seed: {accounts} accounts in {watch.Elapsed.TotalSeconds:0.0} s");
    watch.Restart();
    WriteLedger(accounts, movements);
    Console.WriteLine($"seed: {movements} movements in {watch.Elapsed.TotalSeconds:0.0} s");
}

// Per account: a "new" movement in the three years before today, then expansions and contractions (some churn, some
// returns), one every few weeks, so that a 12-month report sees every kind; deterministic.
void WriteLedger(int accounts, int movements)
{
    using var connection = new SqliteConnection($"Data Source={statePath};Pooling=False");
    connection.Open();
    using var transaction = connection.BeginTransaction();
    using var insert = connection.CreateCommand();
    insert.Transaction = transaction;
    insert.CommandText = """
        INSERT INTO mrr_ledger (day, account_id, subscription_id, movement, mrr_before, mrr_after, delta, tier_before, tier_after,
            seats_before, seats_after, currency, proposal_key, paid_through)
        VALUES ($day, $account, $subscription, $movement, $before, $after, $delta, $tierBefore, $tierAfter, $seatsBefore, $seatsAfter, 'USD', NULL, NULL)
        """;
    var p = new[] { "$day", "$account", "$subscription", "$movement", "$before", "$after", "$delta", "$tierBefore", "$tierAfter", "$seatsBefore", "$seatsAfter" }
        .Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
    string[] tiers = ["starter", "professional", "enterprise"];
    var random = new Random(42);
    var written = 0;
    for (var a = 0; a < accounts; a++)
    {
        var perAccount = movements / accounts + (a < movements % accounts ? 1 : 0);
        var account = $"A{a + 1:D7}";
        var day = today.AddDays(-random.Next(400, 1100));
        var tier = random.Next(3);
        var seats = random.Next(3, 60);
        decimal mrr = 0;
        for (var m = 0; m < perAccount; m++)
        {
            var (beforeMrr, beforeTier, beforeSeats) = (mrr, tier, seats);
            string kind;
            if (m == 0 || mrr == 0)
            {
                kind = m == 0 ? "new" : "reactivation";
            }
            else if (random.Next(100) < 3)
            {
                kind = "churn";
            }
            else if (random.Next(100) < 60)
            {
                kind = "expansion";
                seats += random.Next(1, 6);
                tier = Math.Min(2, tier + (random.Next(10) == 0 ? 1 : 0));
            }
            else
            {
                kind = "contraction";
                seats = Math.Max(1, seats - random.Next(1, 4));
            }

            mrr = kind == "churn" ? 0 : seats * (15 + 20 * tier);
            if (kind is "expansion" or "contraction" && mrr == beforeMrr)
            {
                mrr += kind == "expansion" ? 1 : -1;
            }

            p[0].Value = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            p[1].Value = account;
            p[2].Value = $"{account}-S1";
            p[3].Value = kind;
            p[4].Value = beforeMrr.ToString(CultureInfo.InvariantCulture);
            p[5].Value = mrr.ToString(CultureInfo.InvariantCulture);
            p[6].Value = (mrr - beforeMrr).ToString(CultureInfo.InvariantCulture);
            p[7].Value = m == 0 ? DBNull.Value : tiers[beforeTier];
            p[8].Value = tiers[tier];
            p[9].Value = m == 0 ? 0 : beforeSeats;
            p[10].Value = seats;
            insert.ExecuteNonQuery();
            written++;
            day = day.AddDays(random.Next(7, 70));
        }
    }

    transaction.Commit();
    if (written != movements)
    {
        throw new InvalidOperationException($"wrote {written} movements, meant {movements}");
    }
}

async Task MeasureAsync(int runs)
{
    var port = FreePort();
    var baseAddress = new Uri($"http://127.0.0.1:{port}/");
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
    start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "crmsuite.dll"));
    start.ArgumentList.Add("run");
    foreach (var setting in new[]
    {
        $"--Connector:WebPort={port}", "--Connector:DemoAccounts=0", $"--Connector:PlaybooksPath={Path.GetFullPath(PublishedPlaybooks.DefaultFolder)}",
        $"--Crm:Embedded:Path={crmPath}", $"--Store:Sqlite:Path={statePath}", "--Metrics:Rates:EUR=1.08", "--Metrics:Rates:JPY=0.0067",
        "--Connector:SyncCron=0 0 0 1 1 ? 2099", "--Connector:SweepCron=0 0 0 1 1 ? 2099",
    })
    {
        start.ArgumentList.Add(setting);
    }

    var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    using var process = Process.Start(start)!;
    process.OutputDataReceived += (_, e) =>
    {
        if (e.Data?.Contains("work queue at", StringComparison.Ordinal) == true)
        {
            ready.TrySetResult();
        }
    };
    process.ErrorDataReceived += (_, e) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    try
    {
        var startup = Stopwatch.StartNew();
        await ready.Task.WaitAsync(TimeSpan.FromMinutes(10));
        Console.WriteLine($"host: started (first sync of the accounts included) in {startup.Elapsed.TotalSeconds:0.0} s");
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };

        // The warmer computes the first page's report once the host has started: wait until it is kept (answers fast).
        var warm = Stopwatch.StartNew();
        while (true)
        {
            var one = Stopwatch.StartNew();
            (await http.GetAsync("/api/dashboard/metrics")).EnsureSuccessStatusCode();
            if (one.Elapsed < TimeSpan.FromMilliseconds(100))
            {
                break;
            }

            Console.WriteLine($"report: first page's report computed on request in {one.Elapsed.TotalMilliseconds:0} ms (not kept yet)");
        }

        Console.WriteLine($"report: kept {warm.Elapsed.TotalSeconds:0.0} s after the host started");
        var other = Stopwatch.StartNew();
        (await http.GetAsync("/api/dashboard/metrics?from=2026-01-01&to=2026-06-30&by=quarter")).EnsureSuccessStatusCode();
        Console.WriteLine($"report: another period computed on request in {other.Elapsed.TotalMilliseconds:0} ms");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        // Cold: a new context per run, nothing cached from the run before. Warm: a second load in the same context, the
        // charting library from the browser's cache (its address carries its content hash).
        var cold = await LoadsAsync(browser, baseAddress, runs, warm: false);
        var cached = await LoadsAsync(browser, baseAddress, Math.Max(1, runs / 2), warm: true);
        Print("cold (new browser context each load)", cold);
        Print("warm (scripts and style sheet from the browser's cache)", cached);
    }
    finally
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }
}

// Opens /dashboard `runs` times (2 more not counted, to warm up) at 1280 × 720 and times, from the page's own clock
// (ms after navigation started): the first screen drawn (the page's HTML holds the tiles and the first screen's charts:
// its first paint, when that came after the whole HTML was parsed, else the page's "dashboard-first-screen" mark, set in
// the first animation frame after its script ran; a page drawn by its script sets that mark once the report is in, the
// tiles filled and every chart whose section is in the first viewport drawn), then, after scrolling every section into
// view one after the other, every chart drawn (the "dashboard-every-chart" mark); also DOMContentLoaded and when the
// report's JSON had answered, and the first screen by the bench's own stopwatch (navigation call to the mark seen).
static async Task<List<double[]>> LoadsAsync(IBrowser browser, Uri baseAddress, int runs, bool warm)
{
    var samples = new List<double[]>();
    var paintAfterParse = 0;
    for (var i = 0; i < runs + 2; i++)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 720 },
        });
        var page = await context.NewPageAsync();
        if (warm)
        {
            await page.GotoAsync("/dashboard");
            await page.Locator("#reports[data-first-screen='drawn']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        }

        var watch = Stopwatch.StartNew();
        await page.GotoAsync("/dashboard", new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("#reports[data-first-screen='drawn']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var seen = watch.Elapsed.TotalMilliseconds;
        // The page's script runs after the first paint; the charts below are drawn as they scroll into view once it has
        // wired the sections (their CSV buttons are enabled then).
        await page.Locator("section[data-report='totals'] button.csv:not([disabled])").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.EvaluateAsync("""
            async () => {
              for (const section of document.querySelectorAll("#reports section")) {
                section.scrollIntoView();
                await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve)));
              }
            }
            """);
        await page.Locator("#reports[data-every-chart='drawn']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var marks = await page.EvaluateAsync<double[]>("""
            () => [performance.getEntriesByName("dashboard-first-screen")[0].startTime,
                   performance.getEntriesByName("dashboard-every-chart")[0].startTime,
                   performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
                   Math.max(...performance.getEntriesByType("resource").filter(r => r.name.includes("/api/dashboard/metrics")).map(r => r.responseEnd)),
                   document.querySelectorAll("#reports section[data-drawn]").length,
                   (performance.getEntriesByName("first-contentful-paint")[0] || { startTime: -1 }).startTime,
                   performance.getEntriesByType("navigation")[0].requestStart,
                   performance.getEntriesByType("navigation")[0].responseEnd,
                   performance.getEntriesByType("navigation")[0].domInteractive,
                   performance.getEntriesByName("dashboard-first-screen")[0].detail === "html" ? 1 : 0]
            """);
        if (i >= 2)
        {
            // A page whose HTML holds its first screen is drawn by its first paint once the whole HTML was parsed (that paint
            // counts only if it came after the parse; else the page's mark, set in the first animation frame after it).
            var paintedParsed = marks[9] == 1 && marks[5] >= marks[8];
            paintAfterParse += paintedParsed ? 1 : 0;
            samples.Add([paintedParsed ? marks[5] : marks[0], marks[1], marks[2], marks[3], seen, marks[4], marks[5], marks[6], marks[7], marks[8]]);
        }
    }

    Console.WriteLine($"{(warm ? "warm" : "cold")}: {paintAfterParse} of {runs} loads were first painted after their HTML (with the first screen) was parsed: the first screen is that paint");
    return samples;
}

static void Print(string what, List<double[]> samples)
{
    string Stat(int k)
    {
        var sorted = samples.Select(s => s[k]).Order().ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"median {sorted[sorted.Count / 2]:0} ms, p95 {sorted[(int)Math.Ceiling(sorted.Count * 0.95) - 1]:0} ms, max {sorted[^1]:0} ms");
    }

    Console.WriteLine($"first page, {what}, {samples.Count} loads in headless Chromium at 1280 x 720 (page clock from navigation start):");
    Console.WriteLine($"  first screen drawn (tiles + the charts in the first viewport): {Stat(0)}");
    Console.WriteLine($"  every chart drawn (each section scrolled into view in turn):   {Stat(1)}");
    Console.WriteLine($"  first contentful paint (the HTML, its tiles included, painted): {Stat(6)}");
    Console.WriteLine($"  the page's request sent: {Stat(7)}; its HTML received: {Stat(8)}; parsed: {Stat(9)}");
    Console.WriteLine($"  DOMContentLoaded: {Stat(2)}; the report's JSON answered: {Stat(3)}");
    Console.WriteLine($"  first screen by the bench's stopwatch (navigation call to the mark seen): {Stat(4)}; charts drawn in all: {samples[0][5]:0}");
}

// Opens a URL `runs` times cold (a new context each) and warm (a second load in one context) and prints when its HTML
// was received, parsed, DOMContentLoaded, first painted and loaded (medians): how much of a page's time is the browser's.
static async Task ProbeAsync(string url, int runs)
{
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium", Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    foreach (var warm in new[] { false, true })
    {
        var rows = new List<double[]>();
        for (var i = 0; i < runs + 2; i++)
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 720 } });
            var page = await context.NewPageAsync();
            if (warm)
            {
                await page.GotoAsync(url);
            }

            var tracePath = Environment.GetEnvironmentVariable("PROBE_TRACE") is { } prefix && i >= 2 ? $"{prefix}-{(warm ? "warm" : "cold")}-{i - 2}.json" : null;
            var trace = tracePath is null ? null : await TraceAsync(context, page);
            await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
            await page.WaitForFunctionAsync("() => performance.getEntriesByName('first-contentful-paint').length > 0");
            if (trace is not null)
            {
                await File.WriteAllTextAsync(tracePath!, await trace());
            }
            var m = await page.EvaluateAsync<double[]>("""
                () => { const n = performance.getEntriesByType("navigation")[0];
                  return [n.responseEnd, n.domInteractive, n.domContentLoadedEventEnd, performance.getEntriesByName("first-contentful-paint")[0].startTime, n.loadEventEnd]; }
                """);
            if (i >= 2)
            {
                rows.Add(m);
            }
        }

        string Med(int k) => rows.Select(r => r[k]).Order().ElementAt(rows.Count / 2).ToString("0", CultureInfo.InvariantCulture);
        Console.WriteLine($"{(warm ? "warm" : "cold")}: HTML received {Med(0)}, parsed {Med(1)}, DOMContentLoaded {Med(2)}, first paint {Med(3)}, loaded {Med(4)} ms (medians)");
    }
}

// Chromium's trace of what follows (DevTools protocol), returned as JSON by the function it gives back.
static async Task<Func<Task<string>>> TraceAsync(IBrowserContext context, IPage page)
{
    var cdp = await context.NewCDPSessionAsync(page);
    var events = new System.Text.StringBuilder("[");
    var done = new TaskCompletionSource();
    cdp.Event("Tracing.dataCollected").OnEvent += (_, data) =>
    {
        foreach (var e in data!.Value.GetProperty("value").EnumerateArray())
        {
            events.Append(events.Length > 1 ? "," : "").Append(e.GetRawText());
        }
    };
    cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => done.TrySetResult();
    await cdp.SendAsync("Tracing.start", new Dictionary<string, object>
    {
        ["categories"] = "devtools.timeline,disabled-by-default-devtools.timeline,blink,loading,cc,fonts,v8.execute",
        ["transferMode"] = "ReportEvents",
    });
    return async () =>
    {
        await cdp.SendAsync("Tracing.end");
        await done.Task;
        return events.Append(']').ToString();
    };
}

static int FreePort()
{
    using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
