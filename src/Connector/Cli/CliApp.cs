using System.CommandLine;

namespace CrmSuite.Connector.Cli;

/// <summary>The `crmsuite` command line: one verb per file, registered here.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        // No verb (or only host settings such as --Connector:WebPort=5090) runs the connector itself.
        if (args.Length == 0 || args[0] == "run" || args[0].StartsWith("--Connector:", StringComparison.Ordinal))
        {
            return await RunCommand.RunAsync(args.Length > 0 && args[0] == "run" ? args[1..] : args);
        }

        var root = BuildRoot();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"crmsuite: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Run 'crmsuite --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync();
    }

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("CrmSuite: customer-success playbooks that decide what each account needs next. With no verb, runs the connector.");
        foreach (var command in Verbs())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    private static IEnumerable<Command> Verbs()
    {
        yield return ValidateCommand.Create();
        yield return SimulateCommand.Create();
        yield return GraphCommand.Create();
        yield return DemoCommand.Create();
        yield return ImportCommand.Create();
        yield return SyncCommand.Create();
        yield return StatusCommand.Create();
        yield return MetricsCommand.Create();
        yield return DiffCommand.Create();
        yield return PreviewCommand.Create();
        yield return StoreCommand.Create();
        yield return ProposeCommand.Create();
        yield return ProposalCommand.Create();
        yield return DataverseCommand.Create();
        yield return BacktestCommand.Create();
    }
}
