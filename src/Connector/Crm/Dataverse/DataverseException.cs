using System.Net;

namespace CrmSuite.Connector.Crm.Dataverse;

/// <summary>
/// A request Dataverse refused for good (after any retries): the HTTP status, the Dataverse error code (<c>0x80040217</c>…)
/// and message of the documented body <c>{"error": {"code": "…", "message": "…"}}</c>, and the request it answered (method
/// and path, never a header: the token and the client secret are never part of it).
/// </summary>
internal sealed class DataverseException(HttpStatusCode status, string code, string detail, string request, TimeSpan? retryAfter = null)
    : Exception($"Dataverse refused {request}: {(int)status} {code}: {detail}")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The Dataverse error code, e.g. <c>0x80040217</c> (not found); the status name when the body has none.</summary>
    public string Code { get; } = code;

    /// <summary>The message Dataverse gave.</summary>
    public string Detail { get; } = detail;

    /// <summary>What was refused, e.g. <c>GET /api/data/v9.2/accounts</c> or <c>POST $batch of 500 operation(s)</c>.</summary>
    public string Request { get; } = request;

    /// <summary>The wait Dataverse asked for with a 429 (<c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Throws a <see cref="DataverseException"/> for a response that is not a success; returns it otherwise.</summary>
    public static async Task<HttpResponseMessage> ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var request = response.RequestMessage is { } r ? $"{r.Method} {r.RequestUri?.PathAndQuery}" : "a request";
        throw await FromResponseAsync(response, request, null, cancellationToken);
    }

    /// <summary>The error a failed response stands for, its code and message read from the body (the status when it has none).</summary>
    public static async Task<DataverseException> FromResponseAsync(
        HttpResponseMessage response, string request, TimeProvider? time, CancellationToken cancellationToken)
    {
        var (code, message) = DataverseErrors.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var retryAfter = response.Headers.RetryAfter is { } after
            ? after.Delta ?? (after.Date is { } date ? date - (time ?? TimeProvider.System).GetUtcNow() : null)
            : null;
        return new DataverseException(
            response.StatusCode,
            code.Length > 0 ? code : response.StatusCode.ToString(),
            message.Length > 0 ? message : response.ReasonPhrase ?? "",
            request,
            retryAfter);
    }
}
