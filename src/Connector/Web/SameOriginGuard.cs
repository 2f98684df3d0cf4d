using Microsoft.Extensions.Primitives;

namespace CrmSuite.Connector.Web;

/// <summary>
/// Refuses (403) a state-changing request (any method but GET, HEAD, OPTIONS and TRACE) whose <c>Origin</c> is not the
/// origin the request was sent to: a page of another site, or a sandboxed one (<c>Origin: null</c>), cannot complete a
/// task or answer a proposal. A request without <c>Origin</c> (curl, scripts, the CLI) passes; browsers always send one
/// with a cross-origin POST.
/// </summary>
internal static class SameOriginGuard
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (IsStateChanging(context.Request.Method) && IsForeign(context.Request))
        {
            await Results.Problem("A state-changing request must come from this connector's own page: the request's Origin is another site.",
                statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    public static bool IsStateChanging(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    /// <summary>True when the request names an <c>Origin</c> other than its own scheme, host and port.</summary>
    public static bool IsForeign(HttpRequest request)
    {
        var origin = request.Headers.Origin;
        if (StringValues.IsNullOrEmpty(origin))
        {
            return false;
        }

        if (origin.Count != 1 || !Uri.TryCreate(origin[0], UriKind.Absolute, out var uri) || !request.Host.HasValue)
        {
            return true;
        }

        var port = request.Host.Port ?? (request.IsHttps ? 443 : 80);
        return !(string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == port);
    }
}
