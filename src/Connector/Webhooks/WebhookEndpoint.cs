using System.Buffers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Plugins.Context;
using CrmSuite.Plugins.Handlers;
using CrmSuite.Plugins.Parsing;

namespace CrmSuite.Connector.Webhooks;

/// <summary>
/// <c>POST /plugins/{handler}</c>, where Dataverse posts each registered step's RemoteExecutionContext. In order: the
/// credential (401), the handler's name (404), the body's size (413), its shape (400, the reason logged), then the handler's
/// verdict: an event it ignores is answered 200 and not stored; one it acts on is stored in the inbox and answered 200 before
/// it is handled, so a slow playbook never makes Dataverse time out, and the same event posted again is stored once.
/// Dataverse reads only the status code.
/// </summary>
internal static partial class WebhookEndpoint
{
    public const string SizeExceededHeader = "x-ms-dynamics-msg-size-exceeded";

    public static IEndpointRouteBuilder MapPlugins(this IEndpointRouteBuilder app)
    {
        app.MapPost("/plugins/{handler}", HandleAsync);
        // The one service endpoint register-plugins creates posts every step here; the step is told by the event itself.
        app.MapPost("/plugins", (HttpContext http, WebhookCredentials credentials, IOptions<WebhookOptions> options, IWebhookInbox inbox,
            WebhookWorker worker, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken) =>
            HandleAsync(null, http, credentials, options, inbox, worker, time, loggers, cancellationToken));
        return app;
    }

    /// <summary>
    /// The handler whose registered step the event comes from: the first of <see cref="HandlersFor"/>, or null when no
    /// CrmSuite step takes it.
    /// </summary>
    public static string? HandlerFor(PluginContext context) => HandlersFor(context).FirstOrDefault();

    /// <summary>
    /// The handlers whose steps have the event's message, table and stage. Two asynchronous steps share all three on
    /// <c>cs_upgradeproposal</c> (the answer and the discount review) and the body does not name its step (real Dataverse
    /// sends <c>OwningExtension.Name</c> null), so the step whose filtering columns the operation set comes first; the event
    /// goes to the first of them that acts on it (docs/plugins.md, "Handlers").
    /// </summary>
    public static IReadOnlyList<string> HandlersFor(PluginContext context) =>
    [
        .. WebhookHandlers.Steps
            .Where(s => s.Step.Message == context.MessageName && s.Step.Table == context.PrimaryEntityName && s.Step.Stage == context.Stage)
            .OrderByDescending(s => s.Step.FilteringAttributes.Any(c => context.Target?.Contains(c) == true))
            .Select(s => s.Handler)
            .Distinct(StringComparer.Ordinal),
    ];

    // The parameter keeps the route value's name ({handler}): minimal APIs bind it by name.
    private static async Task<IResult> HandleAsync(
        string? handler, HttpContext http, WebhookCredentials credentials, IOptions<WebhookOptions> options, IWebhookInbox inbox,
        WebhookWorker worker, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(WebhookEndpoint));
        var named = handler;
        if (!credentials.Accepts(http.Request))
        {
            LogRefused(logger, named ?? "(by event)");
            return Results.Problem("A webhook must carry the key its service endpoint was registered with.", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (named is not null && named != DiscountCeilingHandler.HandlerName && WebhookHandlers.Find(named) is null)
        {
            return Results.Problem(
                $"No webhook handler is named '{Excerpt(named)}'; the handlers are {string.Join(", ", WebhookHandlers.All.Select(h => h.Name))}, {DiscountCeilingHandler.HandlerName}.",
                statusCode: StatusCodes.Status404NotFound);
        }

        var limit = options.Value.MaxBodyBytes;
        var body = await ReadBodyAsync(http.Request, limit, cancellationToken);
        if (body is null)
        {
            return Results.Problem($"The body is larger than {limit} bytes (Plugins:MaxBodyBytes).", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        PluginContext context;
        try
        {
            context = RemoteExecutionContextParser.Parse(body, http.Request.Headers.ContainsKey(SizeExceededHeader));
        }
        catch (WebhookPayloadException ex)
        {
            LogMalformed(logger, named ?? "(by event)", ex.Message);
            return Results.Problem($"The body is not a Dataverse RemoteExecutionContext: {Excerpt(ex.Message)}", statusCode: StatusCodes.Status400BadRequest);
        }

        IReadOnlyList<string> candidates = named is null ? HandlersFor(context) : [named];
        if (candidates.Count == 0)
        {
            var reason = $"no CrmSuite step takes {context.MessageName} of {context.PrimaryEntityName} at stage {(int)context.Stage}";
            LogIgnored(logger, "(by event)", context.MessageName, context.PrimaryEntityId, reason);
            return Results.Ok(new WebhookAnswer("ignored", reason, null));
        }

        if (candidates[0] == DiscountCeilingHandler.HandlerName)
        {
            return CheckCeiling(new DiscountCeilingHandler(), context, http.RequestServices.GetRequiredService<PublishedOffers>(), time, logger);
        }

        WebhookHandler? found = null;
        HandlerVerdict? verdict = null;
        foreach (var candidate in candidates)
        {
            var handlerOfStep = WebhookHandlers.Find(candidate)!;
            var said = handlerOfStep.Check(context, options.Value.MaxDepth);
            (found, verdict) = verdict is null || said.Acts ? (handlerOfStep, said) : (found, verdict);
            if (said.Acts)
            {
                break;
            }
        }

        if (!verdict!.Acts)
        {
            LogIgnored(logger, found!.Name, context.MessageName, context.PrimaryEntityId, verdict.Reason);
            return Results.Ok(new WebhookAnswer("ignored", verdict.Reason, null));
        }

        var receipt = await inbox.AcceptAsync(ToEvent(found!, context, verdict, body), time.GetUtcNow(), cancellationToken);
        if (receipt.New || !receipt.Handled)
        {
            worker.Wake();
        }

        return Results.Ok(new WebhookAnswer(receipt.New ? "accepted" : receipt.Handled ? "already handled" : "already accepted", verdict.Reason, receipt.Id));
    }

    // Synchronous: Dataverse waits for this answer to save the quote, so nothing is stored and nothing waits for the sync.
    private static IResult CheckCeiling(DiscountCeilingHandler ceiling, PluginContext context, PublishedOffers offers, TimeProvider time, ILogger logger)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var (allow, reason, _) = ceiling.Decide(context, product => offers.PriceBookFor(product, today));
        if (allow)
        {
            return Results.Ok(new WebhookAnswer("allowed", reason, null));
        }

        LogDiscountRefused(logger, context.PrimaryEntityName, context.PrimaryEntityId, reason);
        return Results.Json(new WebhookAnswer("refused", reason, null), statusCode: StatusCodes.Status422UnprocessableEntity);
    }

    private static WebhookEvent ToEvent(WebhookHandler handler, PluginContext context, HandlerVerdict verdict, byte[] body) =>
        new(EventKey(handler, context, body), handler.Name, context.MessageName, context.PrimaryEntityName, context.PrimaryEntityId.ToString("D"),
            verdict.AccountId, context.Depth, context.CorrelationId.ToString("D"), verdict.Reason);

    // Dataverse sends the same operation id when it retries a step; a body without one is keyed by its content.
    private static string EventKey(WebhookHandler handler, PluginContext context, byte[] body) =>
        context.OperationId != Guid.Empty
            ? $"{handler.Name}:{context.OperationId:D}:{context.PrimaryEntityId:D}:{(int)context.Stage}"
            : $"{handler.Name}:sha256:{Convert.ToHexStringLower(SHA256.HashData(body))}";

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (read no further than that).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static string Excerpt(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 197), "...");

    [LoggerMessage(EventId = 1710, Level = LogLevel.Warning, Message = "Webhook {Handler}: refused a request without the registered key (401)")]
    private static partial void LogRefused(ILogger logger, string handler);

    [LoggerMessage(EventId = 1711, Level = LogLevel.Warning, Message = "Webhook {Handler}: refused a body that is not a RemoteExecutionContext (400): {Reason}")]
    private static partial void LogMalformed(ILogger logger, string handler, string reason);

    [LoggerMessage(EventId = 1713, Level = LogLevel.Warning, Message = "Webhook discount-ceiling: refused the save of {Table} {RowId} (422): {Reason}")]
    private static partial void LogDiscountRefused(ILogger logger, string table, Guid rowId, string reason);

    [LoggerMessage(EventId = 1712, Level = LogLevel.Debug, Message = "Webhook {Handler}: ignored {Message} of {RowId}: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string handler, string message, Guid rowId, string reason);
}

/// <summary>The webhook's answer (Dataverse reads only the status code; this is for people and logs).</summary>
internal sealed record WebhookAnswer(string Status, string Reason, long? EventId);
