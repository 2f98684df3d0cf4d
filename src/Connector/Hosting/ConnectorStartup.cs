using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Demo;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Sync;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Hosting;

/// <summary>
/// Opens the connector when the host starts: loads the playbooks (refusing to run on errors), seeds an empty embedded CRM
/// with the demo data set, and runs a first sync at once, before the schedule takes over.
/// </summary>
internal sealed partial class ConnectorStartup(
    ConnectorEngine engine,
    IConfiguration configuration,
    IOptions<HostingOptions> options,
    TimeProvider time,
    ILoggerFactory loggers,
    ILogger<ConnectorStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var runtime = PublishedPlaybooks.LoadOrThrow(options.Value.PlaybooksPath);
        LogPlaybooks(runtime.Playbooks.Length, options.Value.PlaybooksPath);
        var services = await ConnectorServices.OpenAsync(configuration, new RuntimeAccountEvaluator(runtime), time, loggers, cancellationToken);
        engine.Open(services, runtime);

        if (options.Value.DemoAccounts > 0 && await IsEmptyAsync(services.Crm, cancellationToken))
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var seeded = await DemoSeeder.SeedAsync(services.Crm, new DemoDataSet(options.Value.DemoAccounts, 42, today, 0.001), null, cancellationToken);
            LogSeeded(seeded.Accounts, services.Crm.Path);
        }

        var summary = await engine.SyncAsync(SyncMode.Incremental, cancellationToken);
        LogFirstSync(summary);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task<bool> IsEmptyAsync(EmbeddedCrmGateway crm, CancellationToken cancellationToken)
    {
        // The gateway owns its connection; only the command is ours to dispose.
        var connection = await crm.ConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT NOT EXISTS (SELECT 1 FROM accounts)";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} published playbook(s) from {Folder}")]
    private partial void LogPlaybooks(int count, string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "The embedded CRM was empty: seeded {Accounts} demo accounts into {Path}")]
    private partial void LogSeeded(int accounts, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "First sync: {Summary}")]
    private partial void LogFirstSync(SyncSummary summary);
}
