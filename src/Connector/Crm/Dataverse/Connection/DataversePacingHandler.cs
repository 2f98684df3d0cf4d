using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Crm.Dataverse.Connection;

/// <summary>
/// Paces every attempt the retry strategy makes: waits while the service is throttling (<see cref="ThrottleGate"/>),
/// holds a slot of the <see cref="ConcurrencyLimit"/> while the request is in flight, closes the gate on a 429, and
/// resizes the limit to the server's <c>x-ms-dop-hint</c> (never above Crm:Dataverse:MaxConcurrency).
/// </summary>
internal sealed partial class DataversePacingHandler(
    ThrottleGate gate,
    DataversePacing pacing,
    IOptions<DataverseOptions> options,
    TimeProvider time,
    ILogger<DataversePacingHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await gate.WaitOpenAsync(cancellationToken);
        HttpResponseMessage response;
        using (await pacing.Limit.AcquireAsync(cancellationToken))
        {
            response = await base.SendAsync(request, cancellationToken);
        }

        if (DataverseThrottling.RetryAfter(response, time.GetUtcNow()) is { } wait)
        {
            gate.CloseFor(wait);
            LogThrottled(request.Method.Method, request.RequestUri?.AbsolutePath ?? "", wait.TotalSeconds);
        }

        if (DataverseThrottling.DopHint(response) is { } hint)
        {
            var limit = Math.Min(hint, options.Value.MaxConcurrency);
            if (limit != pacing.Limit.Limit)
            {
                pacing.Limit.Resize(limit);
                LogResized(limit, hint);
            }
        }

        return response;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dataverse is throttling ({Method} {Path} answered 429): no request is sent for {Seconds} s, as Retry-After asks")]
    private partial void LogThrottled(string method, string path, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dataverse recommends {Hint} parallel requests (x-ms-dop-hint): at most {Limit} in flight from now on")]
    private partial void LogResized(int limit, int hint);
}

/// <summary>The one concurrency cap all Dataverse requests of the process share.</summary>
internal sealed class DataversePacing(IOptions<DataverseOptions> options)
{
    public ConcurrencyLimit Limit { get; } = new(options.Value.MaxConcurrency);
}
