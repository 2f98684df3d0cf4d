using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Demo;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Sync;
using CrmSuite.PlaybookEngine.Runtime;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Hosting;

/// <summary>The CRM and the state store in a data folder do not belong together; the message names both files.</summary>
internal sealed class DataFolderMismatchException(string message) : Exception(message);

/// <summary>
/// Starts the connector with the host: the published playbooks are loaded (the host refuses to run on errors), an empty
/// CRM beside an empty state store is seeded with the demo business and its history, and a first sync runs at once, before
/// the schedule takes over. On a cluster (a PostgreSQL state store) the first sync is the partition jobs' start trigger
/// instead, shared out among the nodes like every later one.
/// </summary>
internal sealed partial class ConnectorStartup(
    PlaybookRuntime playbooks,
    ICrmDataLoader crm,
    IStoreStatus store,
    DemoHistory history,
    SyncCycle cycle,
    IOptions<HostingOptions> options,
    IOptions<PlaybookOptions> playbookOptions,
    IOptions<StoreProviderOptions> storeOptions,
    TimeProvider time,
    ILogger<ConnectorStartup> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // After every service started, the web server included: a port already in use stops the host before any sync.
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        LogPlaybooks(playbooks.Playbooks.Length, playbookOptions.Value.PlaybooksPath);
        if (options.Value.DemoAccounts > 0 && await crm.IsEmptyAsync(cancellationToken))
        {
            await SeedAsync(cancellationToken);
        }

        if (StoreProviderOptions.Parse(storeOptions.Value.Provider) == StoreProvider.PostgreSql)
        {
            return;
        }

        var summary = await cycle.RunAsync(SyncMode.Incremental, cancellationToken);
        LogFirstSync(summary);
    }

    // Demo data goes only into an empty data folder: a state store that remembers another CRM's accounts would collide
    // with the demo's ids and evaluate nothing right.
    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var state = await store.ReadStatusAsync(0, 0, cancellationToken);
        if (state.Instances > 0 || state.AuditEntries > 0)
        {
            throw new DataFolderMismatchException(
                $"The CRM {crm.Location} is empty but the state store {store.Location} holds {state.Instances} playbook instance(s) and "
                + $"{state.AuditEntries} audit entries from earlier data. Restore the CRM file, or start over with `crmsuite demo seed` "
                + "(which replaces both), or remove the state store.");
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var seeded = await history.SeedAsync(new DemoHistoryRequest(options.Value.DemoAccounts, 42, today, options.Value.DemoHistoryDays), null, null,
            cancellationToken);
        LogSeeded(seeded.Accounts, crm.Location, seeded.Days, seeded.OpenProposals, seeded.OpenTasks);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} published playbook(s) from {Folder}")]
    private partial void LogPlaybooks(int count, string folder);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "The CRM was empty: seeded {Accounts} demo accounts into {Location} with {Days} days of history ({OpenProposals} proposals awaiting an answer, {OpenTasks} open tasks)")]
    private partial void LogSeeded(int accounts, string location, int days, long openProposals, long openTasks);

    [LoggerMessage(Level = LogLevel.Information, Message = "First sync: {Summary}")]
    private partial void LogFirstSync(SyncSummary summary);
}
