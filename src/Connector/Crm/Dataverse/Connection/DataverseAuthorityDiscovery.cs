using System.Net;

namespace CrmSuite.Connector.Crm.Dataverse.Connection;

/// <summary>
/// Finds the tenant that signs in to an environment when the connection string names none: an unauthenticated request
/// to the Web API answers 401 with <c>WWW-Authenticate: Bearer authorization_uri=https://login.microsoftonline.com/{tenant}/oauth2/authorize, …</c>
/// ("Use OAuth authentication with Microsoft Dataverse", discover the authority at run time).
/// </summary>
internal sealed class DataverseAuthorityDiscovery(IHttpClientFactory httpClients)
{
    /// <summary>
    /// The authority the environment names; refused unless it is on <paramref name="authorityHost"/>, since the client
    /// secret is sent there.
    /// </summary>
    public async Task<Uri> DiscoverAsync(DataverseConnectionString connection, Uri authorityHost, CancellationToken cancellationToken)
    {
        using var client = httpClients.CreateClient(DataverseTokenSource.AuthorityClient);
        using var request = new HttpRequestMessage(HttpMethod.Get, connection.ServiceRoot);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && FromChallenge(response.Headers.TryGetValues("WWW-Authenticate", out var values) ? values : []) is { } authority)
        {
            if (!string.Equals(authority.GetLeftPart(UriPartial.Authority), authorityHost.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            {
                throw new DataverseAuthenticationException(
                    $"{connection.Url} names {authority.GetLeftPart(UriPartial.Authority)} to sign in, not {authorityHost.GetLeftPart(UriPartial.Authority)} "
                    + $"({DataverseOptions.Section}:{nameof(DataverseOptions.AuthorityHost)}); the secret is sent only there. Set AuthorityHost for a national cloud, or TenantId in the connection string.",
                    "authority_not_allowed");
            }

            return authority;
        }

        throw new DataverseAuthenticationException(
            $"{connection.Url} did not name the tenant that signs in to it (an unauthenticated request answered {(int)response.StatusCode} without a "
            + "WWW-Authenticate challenge carrying authorization_uri): add TenantId=<directory id> to the connection string.", "tenant_not_discovered");
    }

    /// <summary>The authority of a Bearer challenge's <c>authorization_uri</c> (its address up to the tenant), or null.</summary>
    /// <remarks>Read from the raw header: the URI is unquoted, which the typed header parser does not accept.</remarks>
    public static Uri? FromChallenge(IEnumerable<string> challenges)
    {
        foreach (var challenge in challenges)
        {
            var text = challenge.Trim();
            if (!text.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var part in text["Bearer ".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
                if (pair.Length == 2 && pair[0].Equals("authorization_uri", StringComparison.OrdinalIgnoreCase)
                    && Uri.TryCreate(pair[1].Trim('"'), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
                    && uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) is [var tenant, ..])
                {
                    return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/" + tenant);
                }
            }
        }

        return null;
    }
}
