using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// The options every data verb shares (--crm-db, --state-db), and the configuration they override:
/// appsettings.json in the current folder, then CRMSUITE_ environment variables (e.g. CRMSUITE_Store__Sqlite__Path), then the options.
/// </summary>
internal sealed class DataOptions
{
    public Option<string?> CrmDb { get; } = new("--crm-db") { Description = "The embedded CRM's SQLite file (default: Crm:Embedded:Path, data/crm.db)." };

    public Option<string?> StateDb { get; } = new("--state-db") { Description = "The state store's SQLite file (default: Store:Sqlite:Path, data/state.db)." };

    public void AddTo(Command command, bool withState = true)
    {
        command.Options.Add(CrmDb);
        if (withState)
        {
            command.Options.Add(StateDb);
        }
    }

    public IConfiguration Configuration(ParseResult parsed)
    {
        var overrides = new Dictionary<string, string?>();
        if (parsed.GetValue(CrmDb) is { } crm)
        {
            overrides[$"{EmbeddedCrmOptions.Section}:{nameof(EmbeddedCrmOptions.Path)}"] = crm;
        }

        if (parsed.GetValue(StateDb) is { } state)
        {
            overrides[$"{StoreOptions.Section}:{nameof(StoreOptions.Path)}"] = state;
        }

        return new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables("CRMSUITE_")
            .AddInMemoryCollection(overrides)
            .Build();
    }

    /// <summary>Runs a verb's action, turning invalid configuration into messages that name the keys and a usage exit code.</summary>
    public static async Task<int> GuardAsync(string verb, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync($"crmsuite {verb}: configuration: {failure}");
            }

            return ExitCodes.Usage;
        }
        catch (Playbooks.PlaybookLoadException ex)
        {
            await Console.Error.WriteLineAsync($"crmsuite {verb}: {ex.Message}");
            return ExitCodes.InputErrors;
        }
    }

    /// <summary>Progress and warnings go to stderr, so stdout carries only the verb's result.</summary>
    public static ILoggerFactory Logging(LogLevel minimum = LogLevel.Information) =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(minimum)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            })
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
