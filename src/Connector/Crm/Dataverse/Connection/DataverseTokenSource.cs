using Microsoft.Identity.Client;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Crm.Dataverse.Connection;

/// <summary>
/// Access tokens for the environment: OAuth client credentials through MSAL's confidential client, which caches the
/// token in memory and acquires a new one before the cached one expires. The authority is the tenant the connection
/// string names, or the one the environment's authentication challenge names (<see cref="DataverseAuthorityDiscovery"/>).
/// </summary>
internal sealed partial class DataverseTokenSource(
    IOptions<DataverseOptions> options,
    DataverseAuthorityDiscovery discovery,
    IHttpClientFactory httpClients,
    ILogger<DataverseTokenSource> logger)
{
    /// <summary>The named HttpClient MSAL talks to the authority with (no Dataverse handlers on it).</summary>
    public const string AuthorityClient = "dataverse-authority";

    private readonly SemaphoreSlim _build = new(1, 1);
    private IConfidentialClientApplication? _application;

    /// <summary>The authority tokens come from, once known.</summary>
    public Uri? Authority { get; private set; }

    /// <summary>A valid access token for <c>{Url}/.default</c>, from MSAL's cache when it holds one.</summary>
    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var connection = options.Value.Connection;
        var application = await ApplicationAsync(connection, cancellationToken);
        try
        {
            var result = await application.AcquireTokenForClient([connection.Scope]).ExecuteAsync(cancellationToken);
            if (result.AuthenticationResultMetadata.TokenSource != TokenSource.Cache)
            {
                LogAcquired(Authority!, result.ExpiresOn);
            }

            return result.AccessToken;
        }
        catch (MsalServiceException ex)
        {
            throw new DataverseAuthenticationException(
                $"Signing in to {Authority} as application {connection.ClientId} failed: {ex.ErrorCode}: {FirstLine(Redaction.Redact(ex.Message, connection.ClientSecret))}", ex.ErrorCode);
        }
        catch (MsalClientException ex)
        {
            throw new DataverseAuthenticationException(
                $"Signing in to {Authority} as application {connection.ClientId} failed: {ex.ErrorCode}: {FirstLine(Redaction.Redact(ex.Message, connection.ClientSecret))}", ex.ErrorCode);
        }
    }

    private async Task<IConfidentialClientApplication> ApplicationAsync(DataverseConnectionString connection, CancellationToken cancellationToken)
    {
        if (_application is { } built)
        {
            return built;
        }

        await _build.WaitAsync(cancellationToken);
        try
        {
            if (_application is null)
            {
                Authority = connection.TenantId is { } tenant
                    ? new Uri(options.Value.AuthorityHost, Uri.EscapeDataString(tenant))
                    : await discovery.DiscoverAsync(connection, options.Value.AuthorityHost, cancellationToken);
                _application = ConfidentialClientApplicationBuilder.Create(connection.ClientId)
                    .WithClientSecret(connection.ClientSecret)
                    // The authority's host was checked against Crm:Dataverse:AuthorityHost, so no network check of it is needed.
                    .WithAuthority(Authority.ToString(), validateAuthority: false)
                    .WithInstanceDiscovery(false)
                    .WithHttpClientFactory(new MsalHttpClients(httpClients))
                    .Build();
            }

            return _application;
        }
        finally
        {
            _build.Release();
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed in to Dataverse through {Authority}; the token is valid until {ExpiresOn:u}")]
    private partial void LogAcquired(Uri authority, DateTimeOffset expiresOn);

    private sealed class MsalHttpClients(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(AuthorityClient);
    }
}

/// <summary>The app registration could not sign in; the message says why (never with the secret).</summary>
internal sealed class DataverseAuthenticationException(string message, string errorCode) : Exception(message)
{
    /// <summary>The identity platform's error code, e.g. <c>invalid_client</c>.</summary>
    public string ErrorCode { get; } = errorCode;
}
