using System.Collections.Frozen;
using System.Security.Cryptography;

namespace CrmSuite.Connector.Web;

/// <summary>
/// The admin view's, the managers' dashboard's and the backtest's pages, scripts and style sheet, and the charting library the
/// admin view and the backtest draw with in the browser (Chart.js, vendored under Web/Assets/Dashboard/vendor with its
/// licence: nothing is fetched at run time; the dashboard's charts are drawn by the host, <see cref="DashboardCharts"/>). Embedded in the assembly and served like the work queue, under the same Content-Security-Policy. Every
/// file has an ETag (its content's SHA-256), so a browser revalidates instead of downloading again; asked for with
/// <c>?v=</c> its hash a file is kept for a year unasked.
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
        ("/dashboard-boot.js", "Dashboard.dashboard-boot.js", "text/javascript; charset=utf-8"),
        ("/backtest.js", "Dashboard.backtest.js", "text/javascript; charset=utf-8"),
        ("/vendor/chart.umd.min.js", "Dashboard.vendor.chart.umd.min.js", "text/javascript; charset=utf-8"),
    ];

    public DashboardAssets()
    {
        Contents = EmbeddedAssets.Load(Files);
        Hashes = Contents.ToFrozenDictionary(c => c.Key, c => Convert.ToHexStringLower(SHA256.HashData(c.Value.Bytes))[..16], StringComparer.Ordinal);
    }

    public FrozenDictionary<string, (byte[] Bytes, string ContentType)> Contents { get; }

    /// <summary>Each file's content hash (the first 16 hex digits of its SHA-256): its ETag and its <c>?v=</c>.</summary>
    public FrozenDictionary<string, string> Hashes { get; }

    /// <summary>The file's address with its content hash, which the host lets a browser keep for a year.</summary>
    public string VersionedPath(string path) => $"{path}?v={Hashes[path]}";

    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";

    public static IEnumerable<string> Paths => Files.Select(f => f.Path);

    public static IEndpointRouteBuilder MapDashboardAssets(IEndpointRouteBuilder app)
    {
        foreach (var path in Paths.Where(p => p != "/dashboard"))
        {
            app.MapGet(path, (HttpContext http, DashboardAssets assets) =>
            {
                var (bytes, contentType) = assets.Contents[path];
                var hash = assets.Hashes[path];
                var headers = Secure(http);
                var etag = $"\"{hash}\"";
                headers.ETag = etag;
                headers.CacheControl = http.Request.Query["v"] == hash ? ImmutableCacheControl : "no-cache";
                return http.Request.Headers.IfNoneMatch.Contains(etag)
                    ? Results.StatusCode(StatusCodes.Status304NotModified)
                    : Results.Bytes(bytes, contentType);
            });
        }

        // The dashboard's page is rendered per request: the first page holds the first page's snapshot, charts included, when
        // there is one. With an API key the page holds no data (a navigation cannot carry the key): its script draws it.
        app.MapGet("/dashboard", async (HttpContext http, DashboardPage page, DashboardReports reports, DashboardChartSet charts, WebAccess access) =>
        {
            var headers = Secure(http);
            headers.CacheControl = "no-cache";
            var snapshot = http.Request.QueryString.HasValue || access.ApiKey is { Length: > 0 } ? null : reports.FirstPage();
            var html = snapshot is null
                ? page.Render(null, null)
                : page.Render(snapshot.Computed, await charts.ForAsync(snapshot.Computed, http.RequestAborted));
            return Results.Text(html, "text/html; charset=utf-8");
        });

        return app;
    }

    private static IHeaderDictionary Secure(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = WorkQueueAssets.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return headers;
    }
}
