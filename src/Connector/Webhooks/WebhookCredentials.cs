using Microsoft.AspNetCore.Http;
using CrmSuite.Connector.Web;

namespace CrmSuite.Connector.Webhooks;

/// <summary>
/// Checks a request's credential the way Dataverse sends it: the WebhookKey as the <c>code</c> query value, or the HttpHeader
/// pair. Compared in constant time over hashes (so the length of a guess tells nothing); nothing configured accepts nothing.
/// </summary>
internal sealed class WebhookCredentials(WebhookOptions options)
{
    private readonly SecretDigest? _key = Digest(options.WebhookKey);
    private readonly string? _headerName = string.IsNullOrEmpty(options.HeaderName) ? null : options.HeaderName;
    private readonly SecretDigest? _headerValue = Digest(options.HeaderValue);

    public bool Accepts(HttpRequest request) =>
        (_key is not null && request.Query["code"] is { Count: 1 } code && _key.Matches(code[0]))
        | (_headerName is not null && _headerValue is not null && request.Headers[_headerName] is { Count: 1 } header && _headerValue.Matches(header[0]));

    private static SecretDigest? Digest(string? secret) => string.IsNullOrEmpty(secret) ? null : new SecretDigest(secret);
}
