using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace CrmSuite.Connector.Tests.Crm.Dataverse.Support;

/// <summary>
/// An OAuth 2.0 token endpoint on loopback HTTPS, answering the client-credentials grant as the identity platform
/// documents it: <c>POST /{tenant}/oauth2/v2.0/token</c> with a form body, a JSON token response.
/// </summary>
internal sealed class TokenEndpoint : IAsyncDisposable
{
    private readonly ConcurrentQueue<TokenRequest> _requests = new();
    private int _issued;

    private TokenEndpoint()
    {
    }

    public sealed record TokenRequest(string Path, IReadOnlyDictionary<string, string> Form);

    public LoopbackServer Server { get; private set; } = null!;

    public IReadOnlyList<TokenRequest> Requests => [.. _requests];

    /// <summary>Lifetime of the tokens issued, in seconds.</summary>
    public int ExpiresIn { get; set; } = 3600;

    /// <summary>When set, every request is refused with this OAuth error (e.g. <c>invalid_client</c>) and description.</summary>
    public (string Error, string Description)? Refuse { get; set; }

    public static string Token(int n) => $"token-{n}-eyJhbGciOi";

    /// <summary>When set, every token issued is this one (e.g. the emulator's accepted token).</summary>
    public string? IssuedToken { get; set; }

    public static async Task<TokenEndpoint> StartAsync()
    {
        var endpoint = new TokenEndpoint();
        endpoint.Server = await LoopbackServer.StartAsync(endpoint.HandleAsync, https: true);
        return endpoint;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Method != "POST" || !context.Request.Path.Value!.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var form = await context.Request.ReadFormAsync();
        _requests.Enqueue(new TokenRequest(context.Request.Path.Value, form.ToDictionary(f => f.Key, f => f.Value.ToString())));
        if (Refuse is { } refusal)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
            {
                ["error"] = refusal.Error,
                ["error_description"] = refusal.Description,
                ["error_codes"] = new[] { 7000215 },
            });
            return;
        }

        var n = Interlocked.Increment(ref _issued);
        await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = ExpiresIn,
            ["ext_expires_in"] = ExpiresIn,
            ["access_token"] = IssuedToken ?? Token(n),
        });
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
