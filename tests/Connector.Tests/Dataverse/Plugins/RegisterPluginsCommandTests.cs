using CrmSuite.Connector.Tests.Cli;

namespace CrmSuite.Connector.Tests.Dataverse.Plugins;

/// <summary><c>crmsuite dataverse register-plugins</c> as an admin meets it: the checks made before Dataverse is asked anything.</summary>
public sealed class RegisterPluginsCommandTests
{
    private const string Key = "a-webhook-key-nobody-may-print";

    private static Task<CliRunner.Result> RunAsync(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("crmsuite-register-").FullName;
        var environment = new Dictionary<string, string>(settings)
        {
            ["CRMSUITE_Crm__Provider"] = "Dataverse",
            // Nothing listens on port 9: a run that got past its checks could not reach Dataverse.
            ["CRMSUITE_Crm__Dataverse__ConnectionString"] = "AuthType=ClientSecret;Url=http://127.0.0.1:9;ClientId=abc;ClientSecret=s3cret-value;TenantId=t",
            ["CRMSUITE_Crm__Dataverse__MaxRetries"] = "0",
        };
        return CliRunner.RunInAsync(folder, environment, ["dataverse", "register-plugins", .. args]);
    }

    [Fact]
    public async Task Without_a_webhook_credential_it_says_which_settings_to_set_and_exits_2()
    {
        var result = await RunAsync(new Dictionary<string, string>(), "--url", "https://connector.example.com");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("crmsuite dataverse register-plugins: no webhook credential is configured: set Plugins:WebhookKey", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_asked_for_but_not_configured_is_named()
    {
        var result = await RunAsync(new Dictionary<string, string> { ["CRMSUITE_Plugins__WebhookKey"] = Key }, "--url", "https://connector.example.com", "--auth", "header");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--auth header needs Plugins:HeaderName and Plugins:HeaderValue", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("connector.example.com", "--url must be the connector's absolute address")]
    [InlineData("http://connector.example.com", "--url must use https")]
    public async Task A_url_dataverse_cannot_safely_post_to_is_refused(string url, string message)
    {
        var result = await RunAsync(new Dictionary<string, string> { ["CRMSUITE_Plugins__WebhookKey"] = Key }, "--url", url);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_environment_is_reported_without_the_key_and_exits_3()
    {
        var result = await RunAsync(new Dictionary<string, string> { ["CRMSUITE_Plugins__WebhookKey"] = Key }, "--url", "https://connector.example.com");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("crmsuite dataverse register-plugins: cannot reach Dataverse", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, result.Output + result.Error, StringComparison.Ordinal);
    }
}
