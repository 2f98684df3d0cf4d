using System.CommandLine;
using CrmSuite.Connector.Locking;
using CrmSuite.Connector.Sync;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// <c>crmsuite sync --once [--full]</c>: runs one sync cycle and prints its summary. <c>crmsuite sync --dry-run [--full]</c>:
/// prints the CRM writes and state changes the next sync would make, and writes nothing.
/// </summary>
internal static class SyncCommand
{
    /// <param name="configure">Lets a test replace a service of the verb's host (the evaluator, the clock).</param>
    public static Command Create(Action<IHostApplicationBuilder>? configure = null)
    {
        var data = new DataOptions();
        var once = new Option<bool>("--once") { Description = "Run one cycle and exit (the scheduled cycles run in the connector host)." };
        var full = new Option<bool>("--full") { Description = "Re-evaluate every account instead of those changed since the watermark." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the CRM writes and state changes the next sync would make; write nothing anywhere." };
        var format = new Option<string>("--format") { Description = "Dry-run output: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var output = new Option<string?>("--output") { Description = "Write the dry run to this file instead of the console." };
        var command = new Command("sync", "Evaluate the accounts changed in the CRM and write the resulting tasks, proposals and stages back.");
        command.Options.Add(once);
        command.Options.Add(full);
        command.Options.Add(dryRun);
        command.Options.Add(format);
        command.Options.Add(output);
        data.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var mode = parsed.GetValue(full) ? SyncMode.Full : SyncMode.Incremental;
            if (parsed.GetValue(dryRun))
            {
                if (parsed.GetValue(once))
                {
                    await Console.Error.WriteLineAsync("crmsuite sync: --dry-run and --once exclude each other: a dry run writes nothing, --once syncs.");
                    return ExitCodes.Usage;
                }

                return await DryRunAsync(data, parsed, mode, parsed.GetValue(format) == "json", parsed.GetValue(output), configure, cancellationToken);
            }

            if (!parsed.GetValue(once))
            {
                await Console.Error.WriteLineAsync("crmsuite sync: only --once (or --dry-run) is available from the command line; the scheduled sync runs in the connector host.");
                return ExitCodes.Usage;
            }

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

    private static Task<int> DryRunAsync(
        DataOptions data, ParseResult parsed, SyncMode mode, bool json, string? output, Action<IHostApplicationBuilder>? configure, CancellationToken cancellationToken) =>
        DataOptions.RunAsync<DryRunVerb>("sync --dry-run", data.Overrides(parsed), b =>
        {
            b.Services.AddSingleton<DryRunVerb>();
            configure?.Invoke(b);
        }, async (verb, token) =>
        {
            if (ReadOnlyData.MissingCrm(verb.Files) is { } missing)
            {
                await Console.Error.WriteLineAsync($"crmsuite sync --dry-run: {missing}");
                return ExitCodes.Usage;
            }

            var dryRun = verb.Services.GetRequiredService<SyncDryRun>();
            var start = await dryRun.StartAsync(mode, token);
            await using var writer = output is null ? null : new StreamWriter(output, append: false);
            var target = writer ?? Console.Out;
            var report = json ? (IDryRunReport)new DryRunJsonReport(target) : new DryRunTextReport(target);
            await report.StartAsync(start);
            await dryRun.RunAsync(start, (page, _) => report.PageAsync(page), token);
            await report.EndAsync();
            return ExitCodes.Ok;
        }, cancellationToken, writes: DataWrites.None, readsPlaybooks: true);
}

/// <summary>What the sync verb needs, the evaluator first: broken playbooks stop the verb before any file is opened or written.</summary>
internal sealed record SyncVerb(IAccountEvaluator Evaluator, SyncCycle Cycle);

/// <summary>
/// What the dry run needs: the evaluator first (broken playbooks stop it before anything is opened), the data files (a
/// missing local CRM is refused rather than created), then the dry run itself.
/// </summary>
internal sealed record DryRunVerb(IAccountEvaluator Evaluator, IEnumerable<DataFile> Files, IServiceProvider Services);
