using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Demo;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Sync;
using CrmSuite.PlaybookEngine.Runtime;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Hosting;

/// <summary>
/// Starts the connector with the host: the published playbooks are loaded (the host refuses to run on errors), an empty
/// CRM is seeded with the demo data set, and a first sync runs at once, before the schedule takes over.
/// </summary>
internal sealed partial class ConnectorStartup(
    PlaybookRuntime playbooks,
    ICrmDataLoader crm,
    SyncCycle cycle,
    IOptions<HostingOptions> options,
    IOptions<PlaybookOptions> playbookOptions,
    TimeProvider time,
    ILogger<ConnectorStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LogPlaybooks(playbooks.Playbooks.Length, playbookOptions.Value.PlaybooksPath);
        if (options.Value.DemoAccounts > 0 && await crm.IsEmptyAsync(cancellationToken))
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var seeded = await DemoSeeder.SeedAsync(crm, new DemoDataSet(options.Value.DemoAccounts, 42, today, 0.001), null, cancellationToken);
            LogSeeded(seeded.Accounts, crm.Location);
        }

        var summary = await cycle.RunAsync(SyncMode.Incremental, cancellationToken);
        LogFirstSync(summary);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} published playbook(s) from {Folder}")]
    private partial void LogPlaybooks(int count, string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "The CRM was empty: seeded {Accounts} demo accounts into {Location}")]
    private partial void LogSeeded(int accounts, string location);

    [LoggerMessage(Level = LogLevel.Information, Message = "First sync: {Summary}")]
    private partial void LogFirstSync(SyncSummary summary);
}
