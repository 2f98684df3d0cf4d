using System.Collections.Frozen;

namespace CrmSuite.Connector.Web;

/// <summary>
/// The work queue's page, script and style sheet, embedded in the assembly (no npm build, nothing on disk to deploy),
/// read once and served with a strict Content-Security-Policy: only this origin's script and style run.
/// </summary>
internal sealed class WorkQueueAssets
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "WorkQueue.index.html", "text/html; charset=utf-8"),
        ("/app.js", "WorkQueue.app.js", "text/javascript; charset=utf-8"),
        ("/app.css", "WorkQueue.app.css", "text/css; charset=utf-8"),
        ("/account.html", "WorkQueue.account.html", "text/html; charset=utf-8"),
        ("/account.js", "WorkQueue.account.js", "text/javascript; charset=utf-8"),
    ];

    public WorkQueueAssets()
    {
        Contents = EmbeddedAssets.Load(Files);
    }

    public FrozenDictionary<string, (byte[] Bytes, string ContentType)> Contents { get; }

    public static IEnumerable<string> Paths => Files.Select(f => f.Path);

    public static string ContentSecurityPolicy => Policy;
}

/// <summary>Maps the embedded page and its files.</summary>
internal static class WorkQueuePage
{
    public static IEndpointRouteBuilder MapWorkQueuePage(this IEndpointRouteBuilder app)
    {
        foreach (var path in WorkQueueAssets.Paths)
        {
            app.MapGet(path, (HttpContext http, WorkQueueAssets assets) =>
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
