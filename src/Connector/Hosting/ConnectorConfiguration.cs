using Microsoft.Extensions.Configuration;

namespace CrmSuite.Connector.Hosting;

/// <summary>
/// The one configuration every entry point reads, in order: appsettings.json in the current folder, then CRMSUITE_
/// environment variables (e.g. CRMSUITE_Store__Sqlite__Path), then the command line (the host's <c>--Key=value</c>
/// arguments, a verb's options such as <c>--state-db</c>).
/// </summary>
internal static class ConnectorConfiguration
{
    public const string EnvironmentPrefix = "CRMSUITE_";

    public static void Apply(IConfigurationManager configuration, string[]? commandLine, IReadOnlyDictionary<string, string?>? overrides)
    {
        configuration.Sources.Clear();
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
