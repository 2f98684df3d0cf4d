using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CrmSuite.Connector.Webhooks;

/// <summary>
/// Checks a request's credential the way Dataverse sends it: the WebhookKey as the <c>code</c> query value, or the HttpHeader
/// pair. Compared in constant time over hashes (so the length of a guess tells nothing); nothing configured accepts nothing.
/// </summary>
internal sealed class WebhookCredentials(WebhookOptions options)
{
    private readonly byte[]? _key = Hash(options.WebhookKey);
    private readonly string? _headerName = string.IsNullOrEmpty(options.HeaderName) ? null : options.HeaderName;
    private readonly byte[]? _headerValue = Hash(options.HeaderValue);

    public bool Accepts(HttpRequest request) =>
        (_key is not null && request.Query["code"] is { Count: 1 } code && Same(_key, code[0]))
        | (_headerName is not null && _headerValue is not null && request.Headers[_headerName] is { Count: 1 } header && Same(_headerValue, header[0]));

    private static bool Same(byte[] expected, string? given) =>
        CryptographicOperations.FixedTimeEquals(expected, SHA256.HashData(Encoding.UTF8.GetBytes(given ?? "")));

    private static byte[]? Hash(string? secret) => string.IsNullOrEmpty(secret) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
