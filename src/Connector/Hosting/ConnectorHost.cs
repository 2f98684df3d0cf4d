using CrmSuite.Connector.Jobs;
using CrmSuite.Connector.Web;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Hosting;

/// <summary>
/// The long-running connector: a Generic Host (ASP.NET Core on loopback) with Quartz jobs, built on the same composition
/// root and configuration as every CLI verb, options validated at start.
/// </summary>
internal static partial class ConnectorHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
        ConnectorConfiguration.Apply(builder.Configuration, args, null);
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);
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

            return Cli.ExitCodes.Usage;
        }

        builder.WebHost.UseUrls($"http://127.0.0.1:{hosting.WebPort}");
        builder.AddConnectorCore();
        builder.AddConnectorHosting();
        builder.AddConnectorJobs(hosting);
        builder.AddWorkQueue();

        await using var app = builder.Build();
        app.MapWorkQueue();
        var url = $"http://127.0.0.1:{hosting.WebPort}/";
        app.Lifetime.ApplicationStarted.Register(() => LogListening(app.Logger, url));
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
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync($"crmsuite: configuration error: {failure}");
            }

            return Cli.ExitCodes.Usage;
        }
    }

    /// <summary>The host's own options and its startup (seed an empty CRM, first sync).</summary>
    private static IHostApplicationBuilder AddConnectorHosting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HostingOptions>().Bind(builder.Configuration.GetSection(HostingOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HostingOptions>, HostingOptionsValidator>();
        builder.Services.AddHostedService<ConnectorStartup>();
        return builder;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CrmSuite connector running; CSM work queue at {Url} (Ctrl+C stops)")]
    private static partial void LogListening(ILogger logger, string url);
}
