using System.Text;
using CrmSuite.Connector.Backtest;
using CrmSuite.Connector.Playbooks;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Web;

/// <summary>What the backtest page offers: run A's folder, the folders it may compare with, the capacity, a default window, and the latest run.</summary>
internal sealed record BacktestPageOptions(string Folder, IReadOnlyList<string> Folders, int CsmWeeklyCapacity, DateOnly DefaultFrom, DateOnly DefaultTo, BacktestStatus? Run);

/// <summary>A run as the page polls it: where it stands, how far it got, and once done its report as tables.</summary>
internal sealed record BacktestStatus(
    int Id, string State, DateOnly From, DateOnly To, string Folder, string? Compare, DateTimeOffset StartedAt, long AccountsRead,
    DateTimeOffset? FinishedAt, string? Error, BacktestView? Report, int WarmUp = 0);

/// <summary>A finished run's report for the page: what was replayed, and its tables.</summary>
internal sealed record BacktestView(long Accounts, long AccountDaysEvaluated, int CsmWeeklyCapacity, string WarmUp, IReadOnlyList<BacktestRunName> Runs,
    IReadOnlyList<string> Reasons, IReadOnlyList<ReportTable> Tables);

/// <summary>A run's label (A, B), its folder and the line naming its playbooks.</summary>
internal sealed record BacktestRunName(string Run, string Folder, string Playbooks);

/// <summary>
/// The backtest page (`/backtest`) on the connector's web host: start a backtest in the background (one at a time), poll
/// it, and read its report as tables, as the CLI's CSV and as the CLI's JSON (docs/backtest.md, "The page"). Behind the
/// same guards as every page: allowed host names, same-origin state changes, the API key under <c>/api</c>.
/// </summary>
internal static class BacktestApi
{
    private const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>The longest a status request waits for a run to end (<c>?wait=</c> seconds).</summary>
    private const int MaxWaitSeconds = 300;

    public static IServiceCollection AddBacktestPage(this IServiceCollection services) => services.AddSingleton<BacktestRuns>();

    public static void MapBacktest(RouteGroupBuilder api)
    {
        api.MapGet("", (BacktestRuns runs, IOptions<PlaybookOptions> playbooks, IOptions<BacktestOptions> options, DashboardReports reports) =>
        {
            var to = reports.Today().AddDays(-1);
            return Results.Ok(new BacktestPageOptions(playbooks.Value.PlaybooksPath, Folders(playbooks, options), options.Value.CsmWeeklyCapacity,
                to.AddDays(-83), to, runs.Latest is { } latest ? Status(latest) : null));
        });
        api.MapPost("/runs", (BacktestStart start, BacktestRuns runs, IOptions<PlaybookOptions> playbooks, IOptions<BacktestOptions> options) =>
            Start(start, runs, playbooks.Value.PlaybooksPath, Folders(playbooks, options)));
        api.MapGet("/runs/{id:int}", async (int id, int? wait, BacktestRuns runs, CancellationToken cancellationToken) =>
        {
            if (wait is < 0 or > MaxWaitSeconds)
            {
                return Results.Problem($"wait: expected seconds from 0 to {MaxWaitSeconds}, got {wait}.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (runs.Latest is { } job && job.Id == id && wait is > 0)
            {
                // A script (or a test) can ask for the end instead of polling: the answer comes when the run ends or the wait is over.
                await Task.WhenAny(job.Ended, Task.Delay(TimeSpan.FromSeconds(wait.Value), cancellationToken));
            }

            return WithJob(runs, id, job => Results.Ok(Status(job)));
        });
        api.MapGet("/runs/{id:int}/report.json", (int id, BacktestRuns runs) => WithReport(runs, id, report =>
            Results.File(Encoding.UTF8.GetBytes(Format(report, "json")), JsonContentType, FileName(report, "json"))));
        api.MapGet("/runs/{id:int}/report.csv", (int id, BacktestRuns runs) => WithReport(runs, id, report =>
            Results.File(Encoding.UTF8.GetBytes(Format(report, "csv")), DashboardApi.CsvContentType, FileName(report, "csv"))));
        api.MapGet("/runs/{id:int}/tables/{table}.csv", (int id, string table, BacktestRuns runs) => WithReport(runs, id, report =>
            BacktestTables.All(report).FirstOrDefault(t => t.Id == table) is { } found
                ? DashboardApi.Csv(found, $"backtest-{table}-{report.From:yyyy-MM-dd}-{report.Through:yyyy-MM-dd}.csv")
                : Results.Problem($"A backtest report has no table named '{Excerpt.Of(table)}'; the tables are {string.Join(", ", BacktestTables.Ids)}.",
                    statusCode: StatusCodes.Status404NotFound)));
    }

    /// <summary>The folders a run may compare with: the published one, then <c>Workbench:BacktestFolders</c> in their order.</summary>
    private static IReadOnlyList<string> Folders(IOptions<PlaybookOptions> playbooks, IOptions<BacktestOptions> options) =>
        [.. new[] { playbooks.Value.PlaybooksPath }.Concat(options.Value.BacktestFolders).Distinct(StringComparer.Ordinal)];

    private static IResult Start(BacktestStart start, BacktestRuns runs, string published, IReadOnlyList<string> folders)
    {
        var (plan, problem) = BacktestRequest.Read(start, published, folders);
        if (plan is null)
        {
            return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }

        if (!runs.Available)
        {
            return Results.Problem("The connected CRM keeps no usage history; the backtest runs on the embedded CRM (Crm:Provider Embedded).",
                statusCode: StatusCodes.Status409Conflict);
        }

        if (runs.Latest is { State: BacktestJobState.Running } running)
        {
            return Busy(running);
        }

        var sets = new List<BacktestPlaybooks>();
        foreach (var (field, folder) in new[] { ("folder", plan.Folder), ("compare", plan.Compare) })
        {
            if (folder is null)
            {
                continue;
            }

            var (set, errors) = BacktestFolder.Load(folder, BacktestWindow.MaxDays);
            if (set is null)
            {
                return Results.Problem($"{field}: the playbooks in {folder} have errors; run `crmsuite validate {folder}`:\n{string.Join("\n", errors.Take(20))}",
                    statusCode: StatusCodes.Status400BadRequest);
            }

            sets.Add(set);
        }

        return runs.TryStart(plan, sets) is { } job
            ? Results.Accepted($"/api/backtest/runs/{job.Id}", Status(job))
            : Busy(runs.Latest!);
    }

    private static IResult Busy(BacktestJob running) => Results.Problem(
        $"A backtest is already running (run {running.Id}, started {running.StartedAt:yyyy-MM-dd HH:mm:ss}Z); one runs at a time. Wait for it to finish.",
        statusCode: StatusCodes.Status409Conflict);

    private static IResult WithJob(BacktestRuns runs, int id, Func<BacktestJob, IResult> answer) =>
        runs.Latest is { } job && job.Id == id
            ? answer(job)
            : Results.Problem($"No backtest run {id} is kept: only the latest run is, until the next one starts.", statusCode: StatusCodes.Status404NotFound);

    private static IResult WithReport(BacktestRuns runs, int id, Func<BacktestReport, IResult> answer) => WithJob(runs, id, job => job.End switch
    {
        { Report: { } report } => answer(report),
        { Error: { } error } => Results.Problem($"Backtest run {id} failed: {error}", statusCode: StatusCodes.Status409Conflict),
        _ => Results.Problem($"Backtest run {id} is still running; its report is ready when it finishes.", statusCode: StatusCodes.Status409Conflict),
    });

    /// <summary>Exactly what `crmsuite backtest --format <paramref name="format"/>` prints for the same report.</summary>
    private static string Format(BacktestReport report, string format)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        BacktestFormats.Write(report, format, text);
        return text.ToString();
    }

    private static string FileName(BacktestReport report, string extension) =>
        $"backtest-{report.From:yyyy-MM-dd}-{report.Through:yyyy-MM-dd}.{extension}";

    private static BacktestStatus Status(BacktestJob job)
    {
        var end = job.End;
        var plan = job.Plan;
        return new BacktestStatus(job.Id, job.State.ToString().ToLowerInvariant(), plan.Window.From, plan.Window.Through, plan.Folder, plan.Compare,
            job.StartedAt, job.AccountsRead, end?.FinishedAt, end?.Error, end?.Report is { } report ? View(report) : null, plan.Window.WarmUpDays);
    }

    private static BacktestView View(BacktestReport report) => new(report.Accounts, report.Evaluations, report.CsmWeeklyCapacity, BacktestFormats.WarmUp(report),
        [.. report.Runs.Select((run, r) => new BacktestRunName(BacktestFormats.Label(r), run.Folder, run.Playbooks))],
        BacktestReport.Reasons, BacktestTables.All(report));
}
