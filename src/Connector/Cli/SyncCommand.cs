using CrmSuite.Connector.Playbooks;
using System.CommandLine;
using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Sync;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Cli;

/// <summary><c>crmsuite sync --once [--full]</c>: runs one sync cycle and prints its summary.</summary>
internal static class SyncCommand
{
    /// <param name="evaluator">The playbook evaluator; by default the engine's runtime over the published playbooks.</param>
    public static Command Create(Func<IAccountEvaluator>? evaluator = null, TimeProvider? time = null)
    {
        var data = new DataOptions();
        var once = new Option<bool>("--once") { Description = "Run one cycle and exit (the scheduled cycles run in the connector host)." };
        var full = new Option<bool>("--full") { Description = "Re-evaluate every account instead of those changed since the watermark." };
        var command = new Command("sync", "Evaluate the accounts changed in the CRM and write the resulting tasks, proposals and stages back.");
        command.Options.Add(once);
        command.Options.Add(full);
        data.AddTo(command);
        command.SetAction((parsed, cancellationToken) => DataOptions.GuardAsync("sync", async () =>
        {
            if (!parsed.GetValue(once))
            {
                await Console.Error.WriteLineAsync("crmsuite sync: only --once is available from the command line; the scheduled sync runs in the connector host.");
                return ExitCodes.Usage;
            }

            using var loggers = DataOptions.Logging();
            await using var services = await ConnectorServices.OpenAsync(
                data.Configuration(parsed), (evaluator ?? DefaultEvaluator)(), time ?? TimeProvider.System, loggers, CancellationToken.None);
            var summary = await services.SyncAsync(parsed.GetValue(full) ? SyncMode.Full : SyncMode.Incremental, cancellationToken);
            Console.WriteLine(summary.ToString());
            return summary.Outcome switch
            {
                SyncOutcome.Completed when summary.DeliveryFailures == 0 => ExitCodes.Ok,
                SyncOutcome.Cancelled => ExitCodes.Cancelled,
                _ => ExitCodes.Failed,
            };
        }));
        return command;
    }

    private static IAccountEvaluator DefaultEvaluator() =>
        new RuntimeAccountEvaluator(PublishedPlaybooks.LoadOrThrow(PublishedPlaybooks.DefaultFolder));
}
