using System.Net;
using System.Text.Json;

namespace CrmSuite.Connector.Crm.Dataverse.Connection;

/// <summary>
/// A request Dataverse refused for good (after any retries): its HTTP status, the Dataverse error code
/// (<c>0x80040217</c>…) and message, from the documented body <c>{"error": {"code": "…", "message": "…"}}</c>.
/// </summary>
internal sealed class DataverseException(HttpStatusCode status, string code, string detail, string request)
    : Exception($"Dataverse refused {request}: {(int)status} {code}: {detail}")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The Dataverse error code, e.g. <c>0x80040217</c> (not found); the status name when the body has none.</summary>
    public string Code { get; } = code;

    public string Detail { get; } = detail;

    /// <summary>Throws a <see cref="DataverseException"/> for a response that is not a success; returns it otherwise.</summary>
    public static async Task<HttpResponseMessage> ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var (code, message) = await ReadErrorAsync(response, cancellationToken);
        var request = response.RequestMessage is { } r ? $"{r.Method} {r.RequestUri?.PathAndQuery}" : "a request";
        throw new DataverseException(response.StatusCode, code, message, request);
    }

    /// <summary>The error code and message of a failed response's body, or its status when the body is not a Dataverse error.</summary>
    public static async Task<(string Code, string Message)> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var code = error.TryGetProperty("code", out var c) ? c.ToString() : "";
                var message = error.TryGetProperty("message", out var m) ? m.ToString() : "";
                return (code.Length > 0 ? code : response.StatusCode.ToString(), message);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a gateway's HTML page): fall back to the status.
        }

        return (response.StatusCode.ToString(), response.ReasonPhrase ?? "");
    }
}
