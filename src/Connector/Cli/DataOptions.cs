using System.CommandLine;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Locking;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// The options every data verb shares (--crm-db, --state-db) as overrides of the shared configuration, and the run of a
/// verb on a host built by the shared composition root.
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

    public IReadOnlyDictionary<string, string?> Overrides(ParseResult parsed)
    {
        var overrides = new Dictionary<string, string?>();
        if (parsed.GetValue(CrmDb) is { } crm)
        {
            overrides["Crm:Embedded:Path"] = crm;
        }

        if (parsed.GetValue(StateDb) is { } state)
        {
            overrides["Store:Sqlite:Path"] = state;
        }

        return overrides;
    }

    /// <summary>
    /// Builds the verb's host from the shared composition root, validates the options at start, takes the writer lock
    /// of the data files it writes (<paramref name="writes"/>; none for a verb that only reads), and runs the verb's action with the service it needs.
    /// A data file another process writes is reported naming it and its holder (exit 2), invalid configuration naming the
    /// keys (exit 2), broken playbooks with their diagnostics (exit 1; exit 2 when the folder or a file cannot be read).
    /// A verb that <paramref name="readsPlaybooks"/> loads them before taking the lock.
    /// </summary>
    public static async Task<int> RunAsync<TService>(
        string verb,
        IReadOnlyDictionary<string, string?> overrides,
        Action<IHostApplicationBuilder>? configure,
        Func<TService, CancellationToken, Task<int>> action,
        CancellationToken cancellationToken,
        DataWrites writes = DataWrites.Both,
        bool readsPlaybooks = false)
        where TService : notnull
    {
        try
        {
            var host = ConnectorComposition.BuildVerbHost(overrides, configure);
            // The SQLite holders are disposed asynchronously; the host's async dispose reaches them.
            await using var disposal = (IAsyncDisposable)host;
            await host.StartAsync(cancellationToken);
            try
            {
                // Playbooks are read before the lock, so a verb stopped by a missing or broken playbook folder leaves no
                // data folder or lock file behind.
                if (readsPlaybooks)
                {
                    _ = host.Services.GetRequiredService<PlaybookEngine.Runtime.PlaybookRuntime>();
                }

                // One writer per data folder: taken before anything is opened, held until the verb is done.
                using var writer = writes == DataWrites.None ? null
                    : WriterLock.Acquire(host.Services.GetServices<DataFile>().Where(f => writes.HasFlag(f.Role)),
                        host.Services.GetServices<IWriterClaim>().Where(c => writes.HasFlag(c.Role)), $"crmsuite {verb}", TimeProvider.System);
                return await action(host.Services.GetRequiredService<TService>(), cancellationToken);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync($"crmsuite {verb}: configuration: {failure}");
            }

            return ExitCodes.Usage;
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync($"crmsuite {verb}: configuration: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Playbooks.PlaybookLoadException ex)
        {
            await Console.Error.WriteLineAsync($"crmsuite {verb}: {ex.Message}");
            return ExitCodes.Of(ex);
        }
        catch (Exception ex) when (StartupErrors.Describe(ex) is { } message)
        {
            await Console.Error.WriteLineAsync($"crmsuite {verb}: {message}");
            return ExitCodes.Usage;
        }
    }
}
