using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace CrmSuite.Connector.Crm.Dataverse.Connection;

/// <summary>
/// The retry rule of every Dataverse request: a 429 is retried after exactly its <c>Retry-After</c>; a transient
/// server error (5xx, 408), a dropped connection or an attempt timeout after a jittered exponential backoff; any other
/// answer (a non-transient 4xx above all) is returned at once.
/// </summary>
internal static partial class DataverseRetry
{
    public static HttpRetryStrategyOptions Options(DataverseOptions options, TimeProvider time, ILogger logger) => new()
    {
        MaxRetryAttempts = options.MaxRetries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = options.RetryDelay,
        ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
        DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? DataverseThrottling.RetryAfter(response, time.GetUtcNow()) : null),
        OnRetry = args =>
        {
            LogRetry(logger, args.AttemptNumber + 1, args.RetryDelay.TotalSeconds, Describe(args.Outcome));
            return ValueTask.CompletedTask;
        },
    };

    /// <summary>True for the answers worth another attempt.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500,
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        _ => false,
    };

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response ? $"{(int)response.StatusCode} {response.ReasonPhrase}" : outcome.Exception?.GetType().Name ?? "unknown";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dataverse request attempt {Attempt} failed ({Outcome}): retrying in {Seconds:0.###} s")]
    private static partial void LogRetry(ILogger logger, int attempt, double seconds, string outcome);
}
