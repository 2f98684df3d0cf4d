using System.CommandLine;
using System.Globalization;
using CrmSuite.Connector.Backtest;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Locking;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// <c>crmsuite backtest &lt;folder&gt; --from DATE --to DATE [--compare &lt;folder&gt;] [--format table|csv|json]</c>: replays
/// the folder's approved playbooks day by day over every account's history in the CRM and reports each week's load and
/// outcomes; writes nothing anywhere (docs/backtest.md).
/// </summary>
internal static class BacktestCommand
{
    /// <summary>The longest window: three years of days.</summary>
    public const int MaxDays = BacktestWindow.MaxDays;

    public static Command Create(Action<IHostApplicationBuilder>? configure = null)
    {
        var data = new DataOptions();
        var folder = new Argument<string>("folder") { Description = "The playbook folder to replay (its approved playbooks, as a sync would run them)." };
        var from = new Option<string>("--from") { Description = "First day replayed, yyyy-MM-dd.", Required = true };
        var to = new Option<string>("--to") { Description = "Last day replayed, yyyy-MM-dd.", Required = true };
        var compare = new Option<string?>("--compare") { Description = "A second playbook folder replayed over the same history, reported beside the first." };
        var warmUp = new Option<int>("--warm-up")
        {
            Description = $"Days replayed before --from and not reported, so accounts start the window where their history put them (0 to {BacktestWindow.MaxWarmUpDays}).",
            DefaultValueFactory = _ => BacktestWindow.DefaultWarmUpDays,
        };
        var format = new Option<string>("--format") { Description = "table, csv or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong([.. BacktestFormats.Names]);
        var command = new Command("backtest", "Replay playbooks over the CRM's history and report, week by week, the tasks per CSM, proposals, acceptances, overlaps and suppressed touches. Writes nothing.");
        command.Arguments.Add(folder);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(compare);
        command.Options.Add(warmUp);
        command.Options.Add(format);
        data.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var problems = new List<string>();
            var first = Date(parsed.GetValue(from)!, "--from", problems);
            var last = Date(parsed.GetValue(to)!, "--to", problems);
            if (first is { } f && last is { } l)
            {
                if (f > l)
                {
                    problems.Add($"--from {f:yyyy-MM-dd} is after --to {l:yyyy-MM-dd}");
                }
                else if (l.DayNumber - f.DayNumber + 1 > MaxDays)
                {
                    problems.Add($"the window {f:yyyy-MM-dd} .. {l:yyyy-MM-dd} is {l.DayNumber - f.DayNumber + 1} days; at most {MaxDays}");
                }
            }

            var warmUpDays = parsed.GetValue(warmUp);
            if (warmUpDays is < 0 or > BacktestWindow.MaxWarmUpDays)
            {
                problems.Add($"--warm-up: expected 0 to {BacktestWindow.MaxWarmUpDays} days, got {warmUpDays}");
            }

            var folders = new[] { parsed.GetValue(folder)!, parsed.GetValue(compare) }.OfType<string>().ToList();
            problems.AddRange(folders.Where(p => !Directory.Exists(p)).Select(p => $"no such playbook folder: {p}"));
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await Console.Error.WriteLineAsync($"crmsuite backtest: {problem}");
                }

                return ExitCodes.Usage;
            }

            var sets = new List<BacktestPlaybooks>();
            foreach (var path in folders)
            {
                var (set, errors) = BacktestFolder.Load(path, MaxDays);
                if (set is null)
                {
                    foreach (var error in errors)
                    {
                        await Console.Error.WriteLineAsync(error.ToString());
                    }

                    await Console.Error.WriteLineAsync($"crmsuite backtest: {path} has errors; fix them first (crmsuite validate {path})");
                    return ExitCodes.InputErrors;
                }

                sets.Add(set);
            }

            var window = new BacktestWindow(first!.Value, last!.Value, warmUpDays);
            var output = parsed.GetValue(format)!;
            return await DataOptions.RunAsync<Backtester>("backtest", data.Overrides(parsed), configure, async (backtester, token) =>
            {
                try
                {
                    var report = await backtester.RunAsync(sets, window, new StderrProgress(), token);
                    BacktestFormats.Write(report, output, Console.Out);
                    return ExitCodes.Ok;
                }
                catch (CrmHistoryUnavailableException ex)
                {
                    await Console.Error.WriteLineAsync($"crmsuite backtest: {ex.Message}");
                    return ExitCodes.Usage;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    // One line, not a stack trace: what failed and, for a replay, on which account and day.
                    await Console.Error.WriteLineAsync($"crmsuite backtest: {FailureLine(ex)}; nothing was written");
                    return ExitCodes.Failed;
                }
            }, cancellationToken, writes: DataWrites.None);
        });
        return command;
    }

    /// <summary>The failure in one line: a replay names its account and day; anything else its type and message.</summary>
    public static string FailureLine(Exception exception) => exception switch
    {
        BacktestFailedException replay => replay.Message,
        _ => $"the backtest failed: {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}",
    };

    private static DateOnly? Date(string text, string option, List<string> problems)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        problems.Add($"{option}: expected a date yyyy-MM-dd, got '{text}'");
        return null;
    }

    private sealed class StderrProgress : IProgress<long>
    {
        private long _printed;

        public void Report(long value)
        {
            if (value / 25_000 > _printed / 25_000)
            {
                Console.Error.WriteLine($"replayed {value} accounts");
                _printed = value;
            }
        }
    }
}
