using CrmSuite.Connector.Crm.Dataverse.Connection;

namespace CrmSuite.Connector.Tests.Crm.Dataverse.Connection;

public sealed class DataverseConnectionStringTests
{
    private const string Secret = "Q8x~hunter2.private";

    private static DataverseConnectionString Parse(string text) =>
        DataverseConnectionString.TryParse(text, out var errors) ?? throw new Xunit.Sdk.XunitException(string.Join("\n", errors));

    private static IReadOnlyList<string> Errors(string text)
    {
        Assert.Null(DataverseConnectionString.TryParse(text, out var errors));
        return errors;
    }

    [Fact]
    public void The_documented_client_secret_form_gives_the_environment_the_app_and_its_secret()
    {
        var connection = Parse($"AuthType=ClientSecret;Url=https://contoso.crm.dynamics.com;ClientId=51f81489-12ee-4a9e-aaae-a2591f45987d;ClientSecret={Secret}");

        Assert.Equal(new Uri("https://contoso.crm.dynamics.com/"), connection.Url);
        Assert.Equal("51f81489-12ee-4a9e-aaae-a2591f45987d", connection.ClientId);
        Assert.Equal(Secret, connection.ClientSecret);
        Assert.Null(connection.TenantId);
        Assert.Equal(new Uri("https://contoso.crm.dynamics.com/api/data/v9.2/"), connection.ServiceRoot);
        Assert.Equal("https://contoso.crm.dynamics.com/.default", connection.Scope);
    }

    [Fact]
    public void Keys_are_case_insensitive_and_take_their_documented_aliases()
    {
        var connection = Parse($"authtype=clientsecret; SERVICEURI=https://contoso.crm4.dynamics.com/ ; appid=abc; secret={Secret}; tenantid=t-1; RequireNewInstance=true");

        Assert.Equal(new Uri("https://contoso.crm4.dynamics.com/"), connection.Url);
        Assert.Equal("abc", connection.ClientId);
        Assert.Equal(Secret, connection.ClientSecret);
        Assert.Equal("t-1", connection.TenantId);
    }

    [Fact]
    public void A_quoted_value_may_hold_semicolons_and_equals_signs()
    {
        var connection = Parse("AuthType=ClientSecret;Url=https://contoso.crm.dynamics.com;ClientId=abc;ClientSecret=\"a;b=c\"");

        Assert.Equal("a;b=c", connection.ClientSecret);
    }

    [Fact]
    public void A_path_after_the_environment_address_is_dropped()
    {
        var connection = Parse($"AuthType=ClientSecret;Url=https://contoso.crm.dynamics.com/main.aspx?app=x;ClientId=abc;ClientSecret={Secret}");

        Assert.Equal(new Uri("https://contoso.crm.dynamics.com/api/data/v9.2/"), connection.ServiceRoot);
    }

    [Fact]
    public void Each_missing_key_is_named_with_what_is_expected()
    {
        var errors = Errors("AuthType=ClientSecret;Url=https://contoso.crm.dynamics.com");

        Assert.Contains(errors, e => e.StartsWith("lacks ClientId: expected the application (client) id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("lacks ClientSecret: expected a client secret", StringComparison.Ordinal));
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void An_unknown_key_is_named_and_the_known_keys_listed()
    {
        var errors = Errors($"AuthType=ClientSecret;Url=https://contoso.crm.dynamics.com;ClientId=abc;ClientSecret={Secret};Passwort=x");

        Assert.Equal(["has the unknown key `Passwort`: expected AuthType, Url, ClientId, ClientSecret and optionally TenantId"], errors);
    }

    [Theory]
    [InlineData("OAuth")]
    [InlineData("Certificate")]
    [InlineData("Office365")]
    public void An_auth_type_other_than_client_secret_is_refused_naming_it(string authType)
    {
        var errors = Errors($"AuthType={authType};Url=https://contoso.crm.dynamics.com;ClientId=abc;ClientSecret={Secret}");

        Assert.Equal([$"has AuthType={authType}, which CrmSuite does not support: expected AuthType=ClientSecret (an app registration with a client secret)"], errors);
    }

    [Fact]
    public void A_key_given_twice_under_two_names_is_refused()
    {
        var errors = Errors($"AuthType=ClientSecret;Url=https://a.crm.dynamics.com;Server=https://b.crm.dynamics.com;ClientId=abc;ClientSecret={Secret}");

        Assert.Contains(errors, e => e.StartsWith("names Url twice", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AuthType=ClientSecret;Url=contoso;ClientId=abc;ClientSecret=Q8x~hunter2.private", "has Url=contoso, which is not an address")]
    [InlineData("AuthType=ClientSecret;Url=ftp://contoso;ClientId=abc;ClientSecret=Q8x~hunter2.private", "has Url=ftp://contoso, which is not an address")]
    [InlineData("", "is empty")]
    [InlineData("AuthType=ClientSecret;ClientSecret='Q8x~hunter2.private", "is not a list of Key=value pairs")]
    public void A_malformed_string_is_refused_saying_what_is_expected(string text, string expected)
    {
        var errors = Errors(text);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AuthType=ClientSecret;Url=contoso;ClientId=abc;ClientSecret=Q8x~hunter2.private")]
    [InlineData("AuthType=OAuth;Url=https://contoso.crm.dynamics.com;ClientSecret=Q8x~hunter2.private;Oops=1")]
    [InlineData("AuthType=ClientSecret;ClientSecret='Q8x~hunter2.private")]
    [InlineData("AuthType=ClientSecret;ClientSecret=Q8x~hunter2.private;ClientSecret=Q8x~hunter2.private")]
    public void No_error_repeats_the_secret(string text)
    {
        var errors = Errors(text);

        Assert.DoesNotContain(errors, e => e.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void The_string_form_masks_the_secret()
    {
        var connection = Parse($"AuthType=ClientSecret;Url=https://contoso.crm.dynamics.com;ClientId=abc;ClientSecret={Secret};TenantId=t");

        Assert.Equal("AuthType=ClientSecret;Url=https://contoso.crm.dynamics.com;ClientId=abc;ClientSecret=***;TenantId=t", connection.ToString());
    }
}
