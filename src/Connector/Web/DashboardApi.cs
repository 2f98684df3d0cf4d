using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Metrics;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Web;

/// <summary>The dashboard's filters: the segments, the CSMs (id and name) and the published playbooks (id and title).</summary>
internal sealed record DashboardOptions(IReadOnlyList<string> Segments, IReadOnlyList<NamedItem> Csms, IReadOnlyList<NamedItem> Playbooks);

/// <summary>Something a filter can pick: its id and what the page shows.</summary>
internal sealed record NamedItem(string Id, string Title);

/// <summary>
/// One dashboard view: the report's period and currency, when it was computed, its tables, and the ids of those the host
/// draws a chart of (<c>/api/dashboard/charts/{id}.svg</c>).
/// </summary>
internal sealed record DashboardView(
    DateOnly From, DateOnly To, string Currency, string By, DateTimeOffset ComputedAt, IReadOnlyList<ReportTable> Tables, IReadOnlyList<string> Charts);

/// <summary>
/// The admin view, the managers' dashboard and the backtest page on the connector's web host: their pages and their JSON and CSV under
/// <c>/api</c>, behind the same guards as the work queue (allowed host names, same-origin state changes, the API key).
/// </summary>
internal static class DashboardApi
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DashboardAssets>().AddSingleton<DashboardPage>().AddSingleton<UpgradeStatusReader>().AddSingleton<DashboardReports>()
            .AddSingleton<DashboardChartSet>();
        builder.Services.AddHostedService<DashboardWarmer>();
        builder.Services.AddBacktestPage();
        return builder;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        DashboardAssets.MapDashboardAssets(app);
        MapAdmin(app.MapGroup("/api/admin"));
        MapMetrics(app.MapGroup("/api/dashboard"));
        BacktestApi.MapBacktest(app.MapGroup("/api/backtest"));
        return app;
    }

    public static IResult Csv(ReportTable table, string fileName) =>
        Results.File(System.Text.Encoding.UTF8.GetBytes(ReportCsv.Write(table)), CsvContentType, fileName);

    private static void MapAdmin(RouteGroupBuilder api)
    {
        api.MapGet("/upgrade-status", async (UpgradeStatusReader reader, CancellationToken cancellationToken) =>
            Results.Ok(await reader.ReadAsync(UpgradeStatusLimits.Page, cancellationToken)));
        api.MapGet("/upgrade-status/{table}.csv", async (string table, UpgradeStatusReader reader, CancellationToken cancellationToken) =>
        {
            if (!UpgradeStatusReader.TableIds.Contains(table, StringComparer.Ordinal))
            {
                return Results.Problem($"No admin table is named '{Excerpt.Of(table)}'; the tables are {string.Join(", ", UpgradeStatusReader.TableIds)}.",
                    statusCode: StatusCodes.Status404NotFound);
            }

            var view = await reader.ReadAsync(UpgradeStatusLimits.Export, cancellationToken);
            return Csv(view.Tables.Single(t => t.Id == table), $"upgrade-status-{table}.csv");
        });
    }

    private static void MapMetrics(RouteGroupBuilder api)
    {
        // The CRM's users, not the work queue's CSM list: that one counts every CSM's open tasks, a minute's work at 100k accounts.
        api.MapGet("/options", async (ICrmAccounts crm, PlaybookRuntime playbooks, CancellationToken cancellationToken) =>
        {
            var users = new List<NamedItem>();
            await foreach (var user in crm.ReadUsersAsync(cancellationToken))
            {
                users.Add(new NamedItem(user.Id, user.Name));
            }

            return Results.Ok(new DashboardOptions(
                [.. SignalCatalog.Segments],
                [.. users.OrderBy(u => u.Title, StringComparer.Ordinal).ThenBy(u => u.Id, StringComparer.Ordinal)],
                [.. playbooks.Playbooks.Select(p => new NamedItem(p.Id, p.Definition.Title)).OrderBy(p => p.Title, StringComparer.Ordinal)]));
        });
        api.MapGet("/metrics", (HttpRequest request, DashboardReports reports, CancellationToken cancellationToken) =>
            WithReportAsync(request, reports, cancellationToken, computed => Results.Ok(View(computed))));
        // A chart of the report as SVG, drawn by the host (the first page's are in its HTML).
        api.MapGet("/charts/{chart}.svg", (string chart, HttpRequest request, DashboardReports reports, DashboardChartSet charts, CancellationToken cancellationToken) =>
            WithReportAsync(request, reports, cancellationToken, async (_, computed) =>
                (await charts.ForAsync(computed, cancellationToken)).TryGetValue(chart, out var svg)
                    ? Results.Text(svg, "image/svg+xml; charset=utf-8")
                    : Results.Problem($"This report has no chart named '{Excerpt.Of(chart)}'.", statusCode: StatusCodes.Status404NotFound)));
        // The CLI's JSON exactly, suppressed touches included.
        api.MapGet("/metrics.json", (HttpRequest request, DashboardReports reports, MetricsReports metrics, CancellationToken cancellationToken) =>
            WithReportAsync(request, reports, cancellationToken, async (query, computed) =>
                Results.Text(MetricsJson.Serialize(computed.Report, await metrics.SuppressedAsync(query, cancellationToken)), "application/json; charset=utf-8")));
        api.MapGet("/metrics/{table}.csv", (string table, HttpRequest request, DashboardReports reports, CancellationToken cancellationToken) =>
            WithReportAsync(request, reports, cancellationToken, computed =>
                MetricsTables.All(computed.Report).FirstOrDefault(t => t.Id == table) is { } found
                    ? Csv(found, $"metrics-{table}-{computed.Report.From:yyyy-MM-dd}-{computed.Report.To:yyyy-MM-dd}.csv")
                    : Results.Problem($"This report has no table named '{Excerpt.Of(table)}'.", statusCode: StatusCodes.Status404NotFound)));
    }

    private static Task<IResult> WithReportAsync(HttpRequest request, DashboardReports reports, CancellationToken cancellationToken, Func<ComputedReport, IResult> answer) =>
        WithReportAsync(request, reports, cancellationToken, (_, computed) => Task.FromResult(answer(computed)));

    private static async Task<IResult> WithReportAsync(
        HttpRequest request, DashboardReports reports, CancellationToken cancellationToken, Func<MetricsQuery, ComputedReport, Task<IResult>> answer)
    {
        var (query, problem) = DashboardQuery.Read(request.Query, reports.Today());
        if (query is null)
        {
            return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            return await answer(query, await reports.GetAsync(query, cancellationToken));
        }
        catch (PlaybookEngine.Metrics.MetricsException ex)
        {
            // A ledger the report cannot read as configured (a currency without a rate): the message names what to set.
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    private static DashboardView View(ComputedReport computed)
    {
        var tables = MetricsTables.All(computed.Report);
        return new(computed.Report.From, computed.Report.To, computed.Report.Currency, computed.Report.By.ToString().ToLowerInvariant(), computed.ComputedAt,
            tables, [.. tables.Where(DashboardCharts.Draws).Select(t => t.Id)]);
    }
}
