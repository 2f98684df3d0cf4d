using CrmSuite.Connector.Jobs;
using CrmSuite.Connector.Web;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Hosting;

/// <summary>
/// The long-running connector: a Generic Host (ASP.NET Core on loopback) with Quartz jobs, configured from
/// appsettings.json, CRMSUITE_ environment variables and the command line, options validated at start.
/// </summary>
internal static partial class ConnectorHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.AddEnvironmentVariables("CRMSUITE_");
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        var hosting = new HostingOptions();
        builder.Configuration.GetSection(HostingOptions.Section).Bind(hosting);
        var problems = new HostingOptionsValidator().Validate(null, hosting);
        if (problems.Failed)
        {
            foreach (var failure in problems.Failures)
            {
                await Console.Error.WriteLineAsync($"crmsuite: configuration error: {failure}");
            }

            return Cli.ExitCodes.Usage;
        }

        builder.WebHost.UseUrls($"http://127.0.0.1:{hosting.WebPort}");
        builder.Services.AddSingleton<IValidateOptions<HostingOptions>, HostingOptionsValidator>();
        builder.Services.AddOptions<HostingOptions>().Bind(builder.Configuration.GetSection(HostingOptions.Section)).ValidateOnStart();
        builder.Services.AddConnectorData(builder.Configuration);
        builder.Services.AddSingleton<ConnectorEngine>();
        builder.Services.AddHostedService<ConnectorStartup>();
        builder.Services.AddConnectorJobs(hosting);
        builder.Services.AddWorkQueue();

        await using var app = builder.Build();
        app.MapWorkQueue();
        var url = $"http://127.0.0.1:{hosting.WebPort}/";
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CrmSuite.Connector");
        app.Lifetime.ApplicationStarted.Register(() => LogListening(logger, url));
        // Resolved now: RunAsync disposes the service provider when the host fails to start.
        var engine = app.Services.GetRequiredService<ConnectorEngine>();
        try
        {
            await app.RunAsync();
            return Cli.ExitCodes.Ok;
        }
        catch (Playbooks.PlaybookLoadException ex)
        {
            await Console.Error.WriteLineAsync($"crmsuite: {ex.Message}");
            return Cli.ExitCodes.InputErrors;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"crmsuite: configuration error: {ex.Message}");
            return Cli.ExitCodes.Usage;
        }
        finally
        {
            await engine.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CrmSuite connector running; CSM work queue at {Url} (Ctrl+C stops)")]
    private static partial void LogListening(ILogger logger, string url);
}
