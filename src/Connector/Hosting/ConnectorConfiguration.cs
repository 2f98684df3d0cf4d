using Microsoft.Extensions.Configuration;

namespace CrmSuite.Connector.Hosting;

/// <summary>
/// The one configuration every entry point reads, in order: the <see cref="Defaults"/>, appsettings.json in the current folder, then CRMSUITE_
/// environment variables (e.g. CRMSUITE_Store__Sqlite__Path), then the command line (the host's <c>--Key=value</c>
/// arguments, a verb's options such as <c>--state-db</c>).
/// </summary>
internal static class ConnectorConfiguration
{
    public const string EnvironmentPrefix = "CRMSUITE_";

    /// <summary>
    /// Settings every source after them may change. ASP.NET's per-request logs (a start and an end line per request, and
    /// more per endpoint) are off by default: only its warnings and errors reach the log.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> Defaults = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    public static void Apply(IConfigurationManager configuration, string[]? commandLine, IReadOnlyDictionary<string, string?>? overrides)
    {
        configuration.Sources.Clear();
        configuration.AddInMemoryCollection(Defaults);
        configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        if (commandLine is { Length: > 0 })
        {
            configuration.AddCommandLine(commandLine);
        }

        if (overrides is { Count: > 0 })
        {
            configuration.AddInMemoryCollection(overrides);
        }
    }
}
