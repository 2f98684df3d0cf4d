using CrmSuite.Connector.Playbooks;
using System.CommandLine;
using System.Globalization;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// `crmsuite simulate <playbook.md> --account <file.json> [--days N] [--signals daily.csv] [--start yyyy-MM-dd]`:
/// replays days for one account and prints the timeline of transitions, tasks, proposals and why.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var playbook = new Argument<string>("playbook") { Description = "The playbook file (drafts allowed)" };
        var account = new Option<string>("--account") { Description = "Account JSON file (docs/data.md)", Required = true };
        var days = new Option<int>("--days") { Description = "Days to replay", DefaultValueFactory = _ => 30 };
        var signals = new Option<string?>("--signals") { Description = "CSV of daily signal rows: day,<signal>...,event" };
        var start = new Option<string?>("--start") { Description = "First simulated day, yyyy-MM-dd (default: the usage as_of date)" };
        var command = new Command("simulate", "Replay days for one account through a playbook and print the timeline.");
        command.Arguments.Add(playbook);
        command.Options.Add(account);
        command.Options.Add(days);
        command.Options.Add(signals);
        command.Options.Add(start);
        command.SetAction(result => Run(
            result.GetValue(playbook)!, result.GetValue(account)!, result.GetValue(days), result.GetValue(signals), result.GetValue(start)));
        return command;
    }

    private static int Run(string playbookPath, string accountPath, int days, string? signalsPath, string? startText)
    {
        if (days is < 1 or > 3660)
        {
            Console.Error.WriteLine($"crmsuite simulate: --days must be between 1 and 3660, got {days}");
            return ExitCodes.Usage;
        }

        var (compiled, exitCode) = PlaybookLoading.LoadOne(playbookPath, "simulate");
        if (compiled is null)
        {
            return exitCode;
        }

        var (contents, accountErrors) = AccountFile.Read(accountPath);
        DailySignals? daily = null;
        var errors = new List<string>(accountErrors);
        if (signalsPath is not null)
        {
            (daily, var csvErrors) = DailySignals.Read(signalsPath, SignalCatalog.Default);
            errors.AddRange(csvErrors);
        }

        DateOnly? startDay = null;
        if (startText is not null)
        {
            if (!DateOnly.TryParseExact(startText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                Console.Error.WriteLine($"crmsuite simulate: --start: expected yyyy-MM-dd, got `{startText}`");
                return ExitCodes.Usage;
            }

            startDay = parsed;
        }

        foreach (var error in errors)
        {
            Console.Error.WriteLine(error);
        }

        if (contents is null || errors.Count > 0)
        {
            return ExitCodes.InputErrors;
        }

        var first = startDay ?? contents.Usage?.AsOf ?? contents.Subscription.StartDate;
        var timeline = new Simulation(compiled, contents, daily).Run(first, days);
        foreach (var line in timeline)
        {
            Console.WriteLine(line);
        }

        return ExitCodes.Ok;
    }
}
