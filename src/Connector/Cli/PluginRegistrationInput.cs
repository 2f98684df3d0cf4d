using System.Net;
using CrmSuite.Connector.Crm.Dataverse.Registration;
using CrmSuite.Connector.Webhooks;
using Microsoft.Extensions.Configuration;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// register-plugins' input: the connector's address (absolute; https unless it is on loopback, since the credential
/// travels in it or beside it) and the credential, from the same <c>Plugins</c> settings the web host checks.
/// </summary>
internal static class PluginRegistrationInput
{
    /// <summary>Null when the input is usable, else the problem in words (naming the option or setting).</summary>
    public static string? Read(string url, string? auth, IConfiguration configuration, out Uri? connector, out WebhookCredential? credential)
    {
        connector = null;
        credential = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            return $"--url must be the connector's absolute address, such as https://connector.example.com, got '{url}'.";
        }

        if (address.Scheme == Uri.UriSchemeHttp && !(address.IsLoopback || IPAddress.TryParse(address.Host, out var ip) && IPAddress.IsLoopback(ip)))
        {
            return $"--url must use https (Dataverse sends the webhook's credential with every call), got '{url}'.";
        }

        var options = configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>() ?? new WebhookOptions();
        var hasKey = !string.IsNullOrEmpty(options.WebhookKey);
        var hasHeader = !string.IsNullOrEmpty(options.HeaderName) && !string.IsNullOrEmpty(options.HeaderValue);
        switch (auth ?? (hasKey ? "webhookkey" : hasHeader ? "header" : null))
        {
            case "webhookkey" when hasKey && options.WebhookKey!.Length >= WebhookOptions.MinSecretLength:
                credential = WebhookCredential.Key(options.WebhookKey);
                break;
            case "header" when hasHeader && options.HeaderValue!.Length >= WebhookOptions.MinSecretLength:
                credential = WebhookCredential.Header(options.HeaderName!, options.HeaderValue!);
                break;
            case "header":
                return $"--auth header needs Plugins:HeaderName and Plugins:HeaderValue (at least {WebhookOptions.MinSecretLength} characters), the pair the connector checks.";
            case "webhookkey":
                return $"--auth webhookkey needs Plugins:WebhookKey (at least {WebhookOptions.MinSecretLength} characters), the key the connector checks.";
            default:
                return "no webhook credential is configured: set Plugins:WebhookKey (or Plugins:HeaderName and Plugins:HeaderValue), the same the connector's web host checks (docs/plugins.md).";
        }

        connector = address;
        return null;
    }
}
