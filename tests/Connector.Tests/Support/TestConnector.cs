using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Store.Sqlite;
using CrmSuite.Connector.Sync;

namespace CrmSuite.Connector.Tests.Support;

/// <summary>The connector's real object graph with the real engine over a playbook folder, on temp files and a given clock.</summary>
internal sealed class TestConnector : IAsyncDisposable
{
    private readonly IHost _host;

    public TestConnector(TempFolder folder, string playbooksPath, TimeProvider time, Action<IHostApplicationBuilder>? configure = null)
    {
        _host = ConnectorComposition.BuildVerbHost(new Dictionary<string, string?>
        {
            ["Connector:PlaybooksPath"] = playbooksPath,
            ["Crm:Embedded:Path"] = folder.File("crm.db"),
            ["Store:Sqlite:Path"] = folder.File("state.db"),
            ["Logging:LogLevel:Default"] = "Warning",
        }, builder =>
        {
            builder.Services.AddSingleton(time);
            configure?.Invoke(builder);
        });
    }

    public EmbeddedCrmGateway Crm => _host.Services.GetRequiredService<EmbeddedCrmGateway>();

    public SqliteStateStore Store => _host.Services.GetRequiredService<SqliteStateStore>();

    public SyncCycle Cycle => _host.Services.GetRequiredService<SyncCycle>();

    public TaskEventProcessor TaskEvents => _host.Services.GetRequiredService<TaskEventProcessor>();

    /// <summary>The sync alone, without the pending CRM events a <see cref="SyncCycle"/> applies first.</summary>
    public SyncPipeline Pipeline => _host.Services.GetRequiredService<SyncPipeline>();

    public IServiceProvider Services => _host.Services;

    public async ValueTask DisposeAsync() => await ((IAsyncDisposable)_host).DisposeAsync();
}
