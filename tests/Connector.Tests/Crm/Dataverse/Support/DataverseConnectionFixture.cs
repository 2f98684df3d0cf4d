using CrmSuite.Connector.Crm.Dataverse;
using CrmSuite.Connector.Crm.Dataverse.Connection;
using CrmSuite.Connector.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CrmSuite.Connector.Tests.Crm.Dataverse.Support;

/// <summary>
/// The Dataverse registration as the connector builds it (<c>AddDataverseCrm</c> over configuration), talking to a fake
/// Web API on loopback HTTP and a token endpoint on loopback HTTPS whose certificate only this client trusts.
/// </summary>
internal sealed class DataverseConnectionFixture : IAsyncDisposable
{
    public const string ClientId = "4c1f7a3e-6a52-4d1e-9a76-0a2b3c4d5e6f";
    public const string Secret = "s3cr3t~Q8x.VeryPrivate_Value";
    public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private readonly IHost _host;

    private DataverseConnectionFixture(IHost host, FakeWebApi api, TokenEndpoint tokens, LogCapture logs, TimeProvider time)
    {
        _host = host;
        Api = api;
        Tokens = tokens;
        Logs = logs;
        Time = time;
    }

    public FakeWebApi Api { get; }

    public TokenEndpoint Tokens { get; }

    public LogCapture Logs { get; }

    public TimeProvider Time { get; }

    public IServiceProvider Services => _host.Services;

    public HttpClient Client => Services.GetRequiredService<IHttpClientFactory>().CreateClient(DataverseHttp.ClientName);

    public static string ConnectionString(Uri url, bool withTenant = true) =>
        $"AuthType=ClientSecret;Url={url.GetLeftPart(UriPartial.Authority)};ClientId={ClientId};ClientSecret={Secret}" + (withTenant ? $";TenantId={Tenant}" : "");

    /// <param name="time">The connector's clock; a <see cref="FakeTimeProvider"/> when null.</param>
    /// <param name="environment">An environment to connect to (the emulator) instead of the fake Web API, with the token it accepts.</param>
    public static async Task<DataverseConnectionFixture> StartAsync(
        TimeProvider? time = null, bool withTenant = true, IReadOnlyDictionary<string, string?>? settings = null, (Uri Url, string Token)? environment = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var api = await FakeWebApi.StartAsync(time);
        var tokens = await TokenEndpoint.StartAsync();
        tokens.IssuedToken = environment?.Token;
        var logs = new LogCapture(LogLevel.Trace);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crm:Provider"] = "Dataverse",
            ["Crm:Dataverse:ConnectionString"] = ConnectionString(environment?.Url ?? api.Url, withTenant),
            ["Crm:Dataverse:AuthorityHost"] = tokens.Server.Address.ToString(),
            ["Crm:Dataverse:RetryDelay"] = "00:00:02",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton(time);
        builder.AddDataverseCrm();
        builder.Services.AddHttpClient(DataverseTokenSource.AuthorityClient).ConfigurePrimaryHttpMessageHandler(() => tokens.Server.TrustingHandler());
        var host = builder.Build();
        await host.StartAsync();
        return new DataverseConnectionFixture(host, api, tokens, logs, time);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await Api.DisposeAsync();
        await Tokens.DisposeAsync();
    }
}
