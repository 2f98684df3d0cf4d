using System.Collections.Frozen;

namespace CrmSuite.Connector.Web;

/// <summary>
/// The admin view's, the managers' dashboard's and the backtest's pages, scripts and style sheet, and the charting library they draw with
/// (Chart.js and its matrix chart, vendored under Web/Assets/Dashboard/vendor with their licences: nothing is fetched at
/// run time). Embedded in the assembly and served like the work queue, under the same Content-Security-Policy.
/// </summary>
internal sealed class DashboardAssets
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/admin", "Dashboard.admin.html", "text/html; charset=utf-8"),
        ("/dashboard", "Dashboard.dashboard.html", "text/html; charset=utf-8"),
        ("/backtest", "Dashboard.backtest.html", "text/html; charset=utf-8"),
        ("/dashboard.css", "Dashboard.dashboard.css", "text/css; charset=utf-8"),
        ("/reports.js", "Dashboard.reports.js", "text/javascript; charset=utf-8"),
        ("/admin.js", "Dashboard.admin.js", "text/javascript; charset=utf-8"),
        ("/dashboard.js", "Dashboard.dashboard.js", "text/javascript; charset=utf-8"),
        ("/backtest.js", "Dashboard.backtest.js", "text/javascript; charset=utf-8"),
        ("/vendor/chart.umd.min.js", "Dashboard.vendor.chart.umd.min.js", "text/javascript; charset=utf-8"),
        ("/vendor/chartjs-chart-matrix.min.js", "Dashboard.vendor.chartjs-chart-matrix.min.js", "text/javascript; charset=utf-8"),
    ];

    public DashboardAssets()
    {
        Contents = EmbeddedAssets.Load(Files);
    }

    public FrozenDictionary<string, (byte[] Bytes, string ContentType)> Contents { get; }

    public static IEnumerable<string> Paths => Files.Select(f => f.Path);

    public static IEndpointRouteBuilder MapDashboardAssets(IEndpointRouteBuilder app)
    {
        foreach (var path in Paths)
        {
            app.MapGet(path, (HttpContext http, DashboardAssets assets) =>
            {
                var (bytes, contentType) = assets.Contents[path];
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = WorkQueueAssets.ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.CacheControl = "no-cache";
                headers["Referrer-Policy"] = "no-referrer";
                return Results.Bytes(bytes, contentType);
            });
        }

        return app;
    }
}
