namespace CrmSuite.Connector.Web;

/// <summary>
/// The admin view and the managers' dashboard on the connector's web host: their pages and their JSON and CSV under
/// <c>/api</c>, behind the same guards as the work queue (allowed host names, same-origin state changes, the API key).
/// </summary>
internal static class DashboardApi
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DashboardAssets>().AddSingleton<UpgradeStatusReader>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        DashboardAssets.MapDashboardAssets(app);
        var api = app.MapGroup("/api/admin");
        api.MapGet("/upgrade-status", async (UpgradeStatusReader reader, CancellationToken cancellationToken) =>
            Results.Ok(await reader.ReadAsync(UpgradeStatusLimits.Page, cancellationToken)));
        api.MapGet("/upgrade-status/{table}.csv", async (string table, UpgradeStatusReader reader, CancellationToken cancellationToken) =>
        {
            if (!UpgradeStatusReader.TableIds.Contains(table, StringComparer.Ordinal))
            {
                return Results.Problem($"No admin table is named '{table}'; the tables are {string.Join(", ", UpgradeStatusReader.TableIds)}.",
                    statusCode: StatusCodes.Status404NotFound);
            }

            var view = await reader.ReadAsync(UpgradeStatusLimits.Export, cancellationToken);
            return Csv(view.Tables.Single(t => t.Id == table), $"upgrade-status-{table}.csv");
        });
        return app;
    }

    public static IResult Csv(ReportTable table, string fileName) =>
        Results.File(System.Text.Encoding.UTF8.GetBytes(ReportCsv.Write(table)), CsvContentType, fileName);
}
