using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Metrics;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Metrics;

/// <summary>
/// What the dashboard's first report is made of: each read it makes, timed on its own (wall and this process's CPU), then
/// the fold over them, the usage read for the upgraded accounts, and the whole report as <see cref="MetricsReports"/>
/// builds it. The period is the dashboard's default (the 12 calendar months up to the seed's today), by month.
/// </summary>
internal static class ReportStages
{
    public static async Task RunAsync(string crmPath, string statePath, DateOnly today, int runs)
    {
        using var host = ConnectorComposition.BuildVerbHost(new Dictionary<string, string?>
        {
            ["Connector:PlaybooksPath"] = PublishedPlaybooks.DefaultFolder,
            ["Crm:Embedded:Path"] = crmPath,
            ["Store:Sqlite:Path"] = statePath,
            ["Metrics:Rates:EUR"] = "1.08",
            ["Metrics:Rates:JPY"] = "0.0067",
        }, null);
        var crm = host.Services.GetRequiredService<ICrmActivity>();
        var store = host.Services.GetRequiredService<IMetricsStore>();
        var reports = host.Services.GetRequiredService<MetricsReports>();
        var settings = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsSettings>>().Value;
        var query = new MetricsQuery(new DateOnly(today.Year, today.Month, 1).AddMonths(-11), today, MetricsGrouping.Month, MetricsFilter.None);
        var request = new MetricsRequest(query.From, query.To, query.By, settings.ToOptions(), query.Filter);

        for (var run = 0; run < runs; run++)
        {
            Console.WriteLine($"run {run + 1} of {runs} (the first one warms up)");
            var profiles = await Time("CRM: account profiles", async () => await crm.ReadProfilesAsync(CancellationToken.None), r => r.Count);
            var transitions = await Time("store: transitions", () => Task.FromResult(store.ReadTransitions().ToList()), r => r.Count);
            var proposals = await Time("CRM: proposals", async () => await crm.ReadProposalRecordsAsync(CancellationToken.None), r => r.Count);
            var tasks = await Time("CRM: tasks", () => Task.FromResult(crm.ReadTaskRecords().ToList()), r => r.Count);
            await Time("store: ledger", () => Task.FromResult(store.ReadLedger().Count()), r => r);
            var activity = new MetricsActivity(profiles, transitions, proposals, tasks);
            var fold = await Time("fold: ledger streamed + activity held", () => Task.FromResult(MetricsCalculator.Fold(request, activity, store.ReadLedger())), f => f.Upgrades.Count);
            var upgraded = fold.Upgrades.Select(u => u.AccountId).Distinct(StringComparer.Ordinal).ToList();
            var hasUsage = await crm.HasUsageHistoryAsync(CancellationToken.None);
            var usage = await Time($"CRM: usage of {upgraded.Count:N0} upgraded accounts", () => Task.FromResult(hasUsage ? crm.ReadUsageHistory(upgraded).ToList() : []), r => r.Count);
            await Time("report: adoption and the rest", () => Task.FromResult(fold.Report(hasUsage ? usage : null)), r => r.Groups.Count);
            await Time("the whole report (MetricsReports.BuildAsync)", () => reports.BuildAsync(query, CancellationToken.None), r => r.Groups.Count);
        }
    }

    private static async Task<T> Time<T>(string what, Func<Task<T>> run, Func<T, int> count)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = await run();
        watch.Stop();
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what,-50} {watch.Elapsed.TotalMilliseconds,8:0} ms wall {used.TotalMilliseconds,8:0} ms CPU  {count(result),10:N0}"));
        return result;
    }
}
