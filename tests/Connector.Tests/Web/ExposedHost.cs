namespace CrmSuite.Connector.Tests.Web;

/// <summary>
/// The real host bound to every address (<c>Connector:WebBind=0.0.0.0</c>), as an admin exposes it to other machines,
/// with the API key that such a bind requires; the tests reach it over loopback.
/// </summary>
public sealed class ExposedHost : IAsyncLifetime
{
    public const string Key = "tests-only-key-7f3c9a2e51d04b88";

    public WorkQueueHost Host { get; } = new()
    {
        Settings = new Dictionary<string, string> { ["Connector:WebBind"] = "0.0.0.0", ["Connector:ApiKey"] = Key },
    };

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}
