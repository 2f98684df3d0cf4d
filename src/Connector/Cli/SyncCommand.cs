using System.CommandLine;
using CrmSuite.Connector.Sync;

namespace CrmSuite.Connector.Cli;

/// <summary><c>crmsuite sync --once [--full]</c>: runs one sync cycle and prints its summary.</summary>
internal static class SyncCommand
{
    /// <param name="configure">Lets a test replace a service of the verb's host (the evaluator, the clock).</param>
    public static Command Create(Action<IHostApplicationBuilder>? configure = null)
    {
        var data = new DataOptions();
        var once = new Option<bool>("--once") { Description = "Run one cycle and exit (the scheduled cycles run in the connector host)." };
        var full = new Option<bool>("--full") { Description = "Re-evaluate every account instead of those changed since the watermark." };
        var command = new Command("sync", "Evaluate the accounts changed in the CRM and write the resulting tasks, proposals and stages back.");
        command.Options.Add(once);
        command.Options.Add(full);
        data.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            if (!parsed.GetValue(once))
            {
                await Console.Error.WriteLineAsync("crmsuite sync: only --once is available from the command line; the scheduled sync runs in the connector host.");
                return ExitCodes.Usage;
            }

            var mode = parsed.GetValue(full) ? SyncMode.Full : SyncMode.Incremental;
            return await DataOptions.RunAsync<SyncVerb>("sync", data.Overrides(parsed), b =>
            {
                b.Services.AddSingleton<SyncVerb>();
                configure?.Invoke(b);
            }, async (verb, token) =>
            {
                var summary = await verb.Cycle.RunAsync(mode, token);
                Console.WriteLine(summary.ToString());
                return summary.Outcome switch
                {
                    SyncOutcome.Completed when summary.DeliveryFailures == 0 => ExitCodes.Ok,
                    SyncOutcome.Cancelled => ExitCodes.Cancelled,
                    _ => ExitCodes.Failed,
                };
            }, cancellationToken, readsPlaybooks: true);
        });
        return command;
    }
}

/// <summary>
/// What the sync verb needs, the evaluator first: broken playbooks stop the verb before any file is opened or written.
/// </summary>
internal sealed record SyncVerb(IAccountEvaluator Evaluator, SyncCycle Cycle);
