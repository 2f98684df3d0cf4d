using CrmSuite.Connector.Crm.Dataverse.Connection;
using CrmSuite.Connector.Tests.Crm.Dataverse.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSuite.Connector.Tests.Crm.Dataverse.Connection;

/// <summary>The real MSAL confidential client against a token endpoint on loopback HTTPS.</summary>
public sealed class DataverseTokenTests
{
    private static Task Challenge(HttpContext context, FakeWebApi.Received request, Uri authorization)
    {
        if (!request.Headers.ContainsKey("Authorization"))
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = $"Bearer authorization_uri={authorization}, resource_id={context.Request.Scheme}://{context.Request.Host}/";
            return Task.CompletedTask;
        }

        return context.Response.WriteAsync("{}");
    }

    [Fact]
    public async Task A_token_is_requested_with_the_client_credentials_grant_for_the_environment_s_default_scope()
    {
        await using var dataverse = await DataverseConnectionFixture.StartAsync();

        using var response = await dataverse.Client.GetAsync("WhoAmI");

        var token = Assert.Single(dataverse.Tokens.Requests);
        Assert.Equal($"/{DataverseConnectionFixture.Tenant}/oauth2/v2.0/token", token.Path);
        Assert.Equal("client_credentials", token.Form["grant_type"]);
        Assert.Equal(DataverseConnectionFixture.ClientId, token.Form["client_id"]);
        Assert.Equal(DataverseConnectionFixture.Secret, token.Form["client_secret"]);
        Assert.Equal(dataverse.Api.Url.GetLeftPart(UriPartial.Authority) + "/.default", token.Form["scope"]);
        Assert.Equal($"Bearer {TokenEndpoint.Token(1)}", Assert.Single(dataverse.Api.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task A_cached_token_serves_later_requests_until_it_nears_expiry()
    {
        await using var dataverse = await DataverseConnectionFixture.StartAsync();

        for (var i = 0; i < 3; i++)
        {
            using var response = await dataverse.Client.GetAsync("accounts");
        }

        Assert.Single(dataverse.Tokens.Requests);
        Assert.All(dataverse.Api.Requests, r => Assert.Equal($"Bearer {TokenEndpoint.Token(1)}", r.Headers["Authorization"]));
    }

    [Fact]
    public async Task A_token_close_to_its_expiry_is_replaced_before_it_is_sent()
    {
        await using var dataverse = await DataverseConnectionFixture.StartAsync();
        // MSAL treats a token within five minutes of its expiry as expired and acquires a new one.
        dataverse.Tokens.ExpiresIn = 120;

        using (await dataverse.Client.GetAsync("accounts"))
        {
        }

        using (await dataverse.Client.GetAsync("accounts"))
        {
        }

        Assert.Equal(2, dataverse.Tokens.Requests.Count);
        Assert.Equal($"Bearer {TokenEndpoint.Token(2)}", dataverse.Api.Requests[1].Headers["Authorization"]);
    }

    [Fact]
    public async Task Without_a_tenant_id_the_tenant_comes_from_the_environment_s_authentication_challenge()
    {
        await using var dataverse = await DataverseConnectionFixture.StartAsync(withTenant: false);
        var authorization = new Uri(dataverse.Tokens.Server.Address, "contoso-tenant/oauth2/authorize");
        dataverse.Api.Respond = (context, request) => Challenge(context, request, authorization);

        using var response = await dataverse.Client.GetAsync("WhoAmI");

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("/contoso-tenant/oauth2/v2.0/token", Assert.Single(dataverse.Tokens.Requests).Path);
        Assert.Equal("/api/data/v9.2/", dataverse.Api.Requests[0].PathAndQuery);
        Assert.False(dataverse.Api.Requests[0].Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task A_challenge_naming_another_sign_in_host_is_refused_and_the_secret_is_not_sent_there()
    {
        await using var dataverse = await DataverseConnectionFixture.StartAsync(withTenant: false);
        dataverse.Api.Respond = (context, request) => Challenge(context, request, new Uri("https://127.0.0.2:1/evil/oauth2/authorize"));

        var error = await Assert.ThrowsAsync<DataverseAuthenticationException>(() => dataverse.Client.GetAsync("WhoAmI"));

        Assert.Contains("names https://127.0.0.2:1 to sign in", error.Message, StringComparison.Ordinal);
        Assert.Empty(dataverse.Tokens.Requests);
    }

    [Fact]
    public async Task A_refused_sign_in_says_why_without_the_secret()
    {
        await using var dataverse = await DataverseConnectionFixture.StartAsync();
        dataverse.Tokens.Refuse = ("invalid_client", $"AADSTS7000215: Invalid client secret provided: {DataverseConnectionFixture.Secret}");

        var error = await Assert.ThrowsAsync<DataverseAuthenticationException>(() => dataverse.Client.GetAsync("WhoAmI"));

        Assert.Equal("invalid_client", error.ErrorCode);
        Assert.Contains("AADSTS7000215: Invalid client secret provided", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(DataverseConnectionFixture.Secret, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(dataverse.Api.Requests);
    }

    [Fact]
    public async Task Neither_the_secret_nor_a_token_appears_in_any_log_line()
    {
        await using var dataverse = await DataverseConnectionFixture.StartAsync();

        using (await dataverse.Client.GetAsync("accounts"))
        {
        }

        var lines = dataverse.Logs.Lines.Select(l => l.Message).ToList();
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => l.Contains(DataverseConnectionFixture.Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(TokenEndpoint.Token(1), StringComparison.Ordinal));
        _ = dataverse.Services.GetRequiredService<DataverseTokenSource>();
    }
}
