using CrmSuite.Connector.Tests.Web;

namespace CrmSuite.Connector.Tests.Webhooks;

/// <summary>The real connector host with webhook credentials set: a WebhookKey and an HttpHeader pair, and a small body limit.</summary>
public sealed class WebhookHost : IAsyncLifetime
{
    public const string Key = "webhook-key-0123456789";
    public const string HeaderName = "X-Test-Webhook";
    public const string HeaderValue = "header-secret-0123456789";
    public const int MaxBodyBytes = 16 * 1024;

    public WorkQueueHost Host { get; } = new()
    {
        Settings = new Dictionary<string, string>
        {
            ["Plugins:WebhookKey"] = Key,
            ["Plugins:HeaderName"] = HeaderName,
            ["Plugins:HeaderValue"] = HeaderValue,
            ["Plugins:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}
