using System.Net;
using CrmSuite.Connector.Crm.Dataverse.Connection;
using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Tests.Crm.Dataverse.Support;
using CrmSuite.Connector.Tests.Support;
using CrmSuite.Connector.Web;
using CrmSuite.Connector.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Organisation = CrmSuite.DataverseEmulator.DataverseEmulator;

namespace CrmSuite.Connector.Tests.Dataverse.Plugins;

/// <summary>
/// The connector's web host as <c>crmsuite run</c> composes it (core, webhooks, web guard, <c>/plugins</c>) on a loopback
/// port, with <c>Crm:Provider=Dataverse</c>: the real gateway, HTTP pipeline and MSAL token source talking to the emulator
/// (the token comes from a loopback token endpoint only this host trusts). No Quartz jobs: the test runs the sync itself.
/// </summary>
internal sealed class ConnectorWebHost : IAsyncDisposable
{
    public const string Key = "round-trip-webhook-key-0123";

    private readonly WebApplication _app;
    private readonly TokenEndpoint _tokens;

    private ConnectorWebHost(WebApplication app, TokenEndpoint tokens, Uri address, string inboxPath)
    {
        _app = app;
        _tokens = tokens;
        Address = address;
        InboxPath = inboxPath;
    }

    public Uri Address { get; }

    public string InboxPath { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ConnectorWebHost> StartAsync(Organisation emulator, TempFolder folder, TimeProvider time, string playbooks, string dealDeskOwner)
    {
        var tokens = await TokenEndpoint.StartAsync();
        tokens.IssuedToken = emulator.Options.AccessToken;
        var inbox = folder.File("webhooks.db");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder.Path });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crm:Provider"] = "Dataverse",
            ["Crm:Dataverse:ConnectionString"] = DataverseConnectionFixture.ConnectionString(emulator.OrganizationUrl),
            ["Crm:Dataverse:AuthorityHost"] = tokens.Server.Address.ToString(),
            ["Store:Sqlite:Path"] = folder.File("state.db"),
            ["Connector:PlaybooksPath"] = playbooks,
            ["Plugins:WebhookKey"] = Key,
            ["Plugins:InboxPath"] = inbox,
            ["Plugins:DealDeskOwnerId"] = dealDeskOwner,
            ["Sync:PageSize"] = "1000",
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(time);
        builder.AddConnectorCore();
        builder.AddWebhooks();
        builder.AddWebGuard(new WebAccess(["127.0.0.1", "localhost"], null));
        builder.Services.AddHttpClient(DataverseTokenSource.AuthorityClient).ConfigurePrimaryHttpMessageHandler(() => tokens.Server.TrustingHandler());
        var app = builder.Build();
        app.UseWebGuard();
        app.MapPlugins();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ConnectorWebHost(app, tokens, new Uri(address.TrimEnd('/') + "/"), inbox);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _tokens.DisposeAsync();
    }
}
