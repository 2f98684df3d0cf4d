using System.Net;
using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Jobs;
using CrmSuite.Connector.Locking;
using CrmSuite.Connector.Web;
using CrmSuite.Connector.Webhooks;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// <c>crmsuite [run]</c>: the long-running connector: a Generic Host (ASP.NET Core, on loopback unless <c>Connector:WebBind</c> says otherwise) with Quartz jobs, built on the same composition
/// root and configuration as every CLI verb, options validated at start.
/// </summary>
internal static partial class RunCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplicationBuilder builder;
        try
        {
            // The builder reads appsettings.json itself: a malformed one fails here.
            builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
            ConnectorConfiguration.Apply(builder.Configuration, args, null);
        }
        catch (Exception ex) when (StartupErrors.Describe(ex) is { } message)
        {
            await Console.Error.WriteLineAsync($"crmsuite: {message}");
            return ExitCodes.Usage;
        }

        builder.Logging.AddFilter("Quartz", LogLevel.Warning);
        // A failed start is reported once, below, in words; the generic host would log it again with its stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        // Quartz and Kestrel take their schedules and port while the graph is built: checked first, naming the keys.
        var hosting = new HostingOptions();
        var problems = HostingOptionsValidator.Read(builder.Configuration, hosting);
        if (problems.Count > 0)
        {
            foreach (var failure in problems)
            {
                await Console.Error.WriteLineAsync($"crmsuite: configuration error: {failure}");
            }

            return ExitCodes.Usage;
        }

        var address = hosting.WebAddress;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, hosting.WebPort));
        builder.AddConnectorCore();
        builder.AddConnectorHosting();
        builder.AddConnectorJobs(hosting);
        builder.AddWorkQueue();
        builder.AddDashboard();
        builder.AddWebhooks();
        builder.AddWebGuard(new WebAccess(hosting.AllowedHostNames(), hosting.ApiKey));

        await using var app = builder.Build();
        app.UseStatusCodePages();
        app.UseWebGuard();
        app.MapWorkQueue();
        app.MapDashboard();
        app.MapPlugins();
        var url = new UriBuilder(Uri.UriSchemeHttp, address.ToString(), hosting.WebPort).Uri.ToString();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            LogListening(app.Logger, url);
            if (!IPAddress.IsLoopback(address))
            {
                LogExposed(app.Logger, url, ApiKeyGuard.Header);
            }
        });
        try
        {
            // Playbooks first: a host stopped by a missing or broken playbook folder leaves no data folder or lock file behind.
            _ = app.Services.GetRequiredService<PlaybookEngine.Runtime.PlaybookRuntime>();

            // One writer per data folder, for the host's whole life: a second host or a `sync --once` beside it exits 2.
            // On PostgreSQL the hosts are a cluster's nodes: Quartz gives each partition to one node at a time, so the
            // store's single-writer claim would only stop the second node, and the nodes share the CRM (an embedded CRM
            // file too: SQLite's own locks order their keyed writes). Verbs still take both (docs/operations.md).
            var clustered = StoreProviderOptions.Read(builder.Configuration) == StoreProvider.PostgreSql;
            using var writer = WriterLock.Acquire(
                app.Services.GetServices<DataFile>().Where(f => !clustered || f.Role != DataWrites.Crm),
                clustered ? [] : app.Services.GetServices<IWriterClaim>(), "crmsuite run", TimeProvider.System);
            await app.RunAsync();
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (StartupErrors.Describe(ex) is { } message)
        {
            await Console.Error.WriteLineAsync($"crmsuite: {message}");
            return ExitCodes.Usage;
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await Console.Error.WriteLineAsync(
                $"crmsuite: cannot serve the work queue on {url}: the port is in use by another program (Connector:WebPort={hosting.WebPort}); nothing was synced.");
            return ExitCodes.Usage;
        }
        catch (Playbooks.PlaybookLoadException ex)
        {
            await Console.Error.WriteLineAsync($"crmsuite: {ex.Message}");
            return ExitCodes.Of(ex);
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync($"crmsuite: configuration error: {failure}");
            }

            return ExitCodes.Usage;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CrmSuite connector running; CSM work queue at {Url} (Ctrl+C stops)")]
    private static partial void LogListening(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The web UI listens on {Url}, which is not a loopback address: other machines can reach it, and every /api request must carry the {Header} header")]
    private static partial void LogExposed(ILogger logger, string url, string header);
}
