using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Crm.Dataverse.Gateway;
using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Store.Sqlite;
using CrmSuite.Connector.Sync;
using CrmSuite.Connector.Tests.Support;
using Organisation = CrmSuite.DataverseEmulator.DataverseEmulator;

namespace CrmSuite.Connector.Tests.Dataverse.EndToEnd;

/// <summary>
/// One run of the connector (one process' worth of objects) with the Dataverse gateway behind every CRM port, over real
/// HTTP to the emulator on loopback, on a temp state store. Disposing it and making another on the same folder is a
/// restart: the state store survives, the gateway's memory does not. The HttpClient retries 429 and 5xx honouring
/// Retry-After, standing in for the connection's resilience handlers (docs/dataverse.md).
/// </summary>
internal sealed class DataverseConnector : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly HttpClient _http;

    public DataverseConnector(
        Organisation emulator, TempFolder folder, TimeProvider time, IAccountEvaluator? evaluator = null, string? playbooksPath = null,
        Func<ICrmWriter, ICrmWriter>? writer = null)
    {
        _http = Client(emulator);
        // The published playbooks' contact policy, as the registration gives it (asked at each read, once the host exists).
        Gateway = new DataverseGateway(_http, Options.Create(new DataverseGatewayOptions()), time, NullLogger<DataverseGateway>.Instance,
            playbooksPath is null ? null : () => _host!.Services.GetRequiredService<PlaybookEngine.Runtime.PlaybookRuntime>().ContactPolicy);
        var settings = new Dictionary<string, string?>
        {
            ["Crm:Embedded:Path"] = folder.File("unused-embedded-crm.db"),
            ["Store:Sqlite:Path"] = folder.File("state.db"),
            ["Sync:PageSize"] = "1000",
            ["Sync:OutboxBatchSize"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (playbooksPath is not null)
        {
            settings["Connector:PlaybooksPath"] = playbooksPath;
        }

        _host = ConnectorComposition.BuildVerbHost(settings, builder =>
        {
            builder.Services.AddSingleton(time);
            if (evaluator is not null)
            {
                builder.Services.AddSingleton(evaluator);
            }

            builder.Services.AddSingleton<ICrmAccounts>(Gateway);
            builder.Services.AddSingleton<ICrmWriter>(writer is null ? Gateway : writer(Gateway));
            builder.Services.AddSingleton<ICrmTaskEvents>(Gateway);
            builder.Services.AddSingleton<ICrmProposals>(Gateway);
            builder.Services.AddSingleton<ICrmLicenses>(Gateway);
            builder.Services.AddSingleton<ICrmWorkQueue>(Gateway);
        });
    }

    public DataverseGateway Gateway { get; }

    public SyncPipeline Pipeline => _host.Services.GetRequiredService<SyncPipeline>();

    public SyncCycle Cycle => _host.Services.GetRequiredService<SyncCycle>();

    public SqliteStateStore Store => _host.Services.GetRequiredService<SqliteStateStore>();

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)_host).DisposeAsync();
        _http.Dispose();
    }

    private static HttpClient Client(Organisation emulator)
    {
        var retry = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 20,
                Delay = TimeSpan.FromMilliseconds(10),
                BackoffType = DelayBackoffType.Constant,
                ShouldRetryAfterHeader = true,
            })
            .Build();
        var http = new HttpClient(new ResilienceHandler(retry) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = emulator.ServiceRoot };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.Options.AccessToken);
        return http;
    }
}
