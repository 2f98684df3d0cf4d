using Microsoft.AspNetCore.HostFiltering;

namespace CrmSuite.Connector.Web;

/// <summary>
/// The web UI's defences, in the order a request meets them: ASP.NET's host filtering (only <see cref="WebAccess.AllowedHosts"/>,
/// else 400), <c>X-Content-Type-Options: nosniff</c> on every answer, bad requests as short problem details, the
/// <see cref="SameOriginGuard"/> (403), then the <see cref="ApiKeyGuard"/> when a key is set (401).
/// </summary>
internal static class WebGuard
{
    public static IHostApplicationBuilder AddWebGuard(this IHostApplicationBuilder builder, WebAccess access)
    {
        // The web host's defaults already put the host-filtering middleware first in the pipeline; this gives it our names.
        builder.Services.Configure<HostFilteringOptions>(o =>
        {
            o.AllowedHosts = [.. access.AllowedHosts];
            o.AllowEmptyHosts = false;
        });
        // Binding failures are thrown to BadRequestProblems instead of answered with an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddSingleton(access);
        return builder;
    }

    public static IApplicationBuilder UseWebGuard(this IApplicationBuilder app)
    {
        app.Use(static (context, next) =>
        {
            // Set as the answer starts, so a middleware that clears the response on the way cannot drop it.
            context.Response.OnStarting(static state =>
            {
                ((HttpResponse)state).Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
        app.Use(BadRequestProblems.InvokeAsync);
        app.Use(SameOriginGuard.InvokeAsync);
        if (app.ApplicationServices.GetRequiredService<WebAccess>().ApiKey is { Length: > 0 } key)
        {
            app.Use(new ApiKeyGuard(key).InvokeAsync);
        }

        return app;
    }
}
