using System.CommandLine;
using System.Globalization;
using CrmSuite.Connector.Playbooks;
using CrmSuite.PlaybookEngine.Runtime;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// `crmsuite simulate <playbook.md | folder> --account <file.json> [--days N] [--signals daily.csv] [--start yyyy-MM-dd]`:
/// lives one account day by day through the sync's own steps and prints the timeline of what the CRM would receive.
/// A file is simulated alone (drafts allowed); a folder runs the playbooks a sync would run, together.
/// </summary>
internal static class SimulateCommand
{
    public const int MaxDays = DailyChanges.MaxDay + 1;

    public static Command Create()
    {
        var playbook = new Argument<string>("playbook") { Description = "A playbook file (drafts allowed), or a folder: its approved playbooks run together, as in a sync" };
        var account = new Option<string>("--account") { Description = "Account JSON file (docs/data.md)", Required = true };
        var days = new Option<int>("--days") { Description = "Days to replay", DefaultValueFactory = _ => 30 };
        var signals = new Option<string?>("--signals") { Description = "CSV of the account's changes and answers by day: day,<field>...,event" };
        var start = new Option<string?>("--start") { Description = "First simulated day, yyyy-MM-dd (default: the usage as_of date)" };
        var command = new Command("simulate", "Live days of one account through the sync's steps and print the timeline.");
        command.Arguments.Add(playbook);
        command.Options.Add(account);
        command.Options.Add(days);
        command.Options.Add(signals);
        command.Options.Add(start);
        command.SetAction(result => Run(
            result.GetValue(playbook)!, result.GetValue(account)!, result.GetValue(days), result.GetValue(signals), result.GetValue(start), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(string playbookPath, string accountPath, int days, string? signalsPath, string? startText, TextWriter output, TextWriter error)
    {
        if (days is < 1 or > MaxDays)
        {
            error.WriteLine($"crmsuite simulate: --days must be between 1 and {MaxDays}, got {days}");
            return ExitCodes.Usage;
        }

        DateOnly? startDay = null;
        if (startText is not null)
        {
            if (!DateOnly.TryParseExact(startText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                || parsed < DailyColumns.FirstDate || parsed.DayNumber + days > DailyColumns.LastDate.DayNumber)
            {
                error.WriteLine($"crmsuite simulate: --start: expected a date yyyy-MM-dd from {DailyColumns.FirstDate:yyyy-MM-dd} that leaves the {days} day(s) " +
                    $"before {DailyColumns.LastDate:yyyy-MM-dd}, got `{startText}`");
                return ExitCodes.Usage;
            }

            startDay = parsed;
        }

        var (runtime, title, folder, exitCode) = Load(playbookPath);
        if (runtime is null)
        {
            return exitCode;
        }

        var (contents, accountErrors) = AccountFile.Read(accountPath);
        var errors = new List<string>(accountErrors);
        DailyChanges? daily = null;
        if (signalsPath is not null)
        {
            (daily, var csvErrors) = DailyChanges.Read(signalsPath);
            errors.AddRange(csvErrors);
        }

        if (contents is not null && daily is not null && contents.Usage is null && daily.UsageColumns.Count > 0)
        {
            errors.Add($"{daily.Path}:1: column `{daily.UsageColumns[0]}` changes usage, but {accountPath} has no `usage` object to change; add one");
        }

        if (contents is null || errors.Count > 0)
        {
            return Fail(errors, error);
        }

        var first = startDay ?? contents.Usage?.AsOf ?? contents.Subscription.StartDate;
        if (first.AddDays(days) > DailyColumns.LastDate)
        {
            return Fail([$"{accountPath}: the simulation would run past {DailyColumns.LastDate:yyyy-MM-dd}; give an earlier --start"], error);
        }

        foreach (var (day, line) in daily?.Rows ?? [])
        {
            if (day >= days)
            {
                error.WriteLine($"{daily!.Path}:{line}: warning: day {day} is after the last simulated day ({days - 1}); the row is not applied (raise --days)");
            }
        }

        var offers = new PublishedOffers(Options.Create(new PlaybookOptions { PlaybooksPath = folder })) { DaysKept = days + 2 };
        var outcome = new SimulationTimeline(runtime, offers, contents, daily, accountPath).Run(title, first, days);
        if (outcome.Errors.Count > 0)
        {
            return Fail(outcome.Errors, error);
        }

        foreach (var line in outcome.Lines)
        {
            output.WriteLine(line);
        }

        return ExitCodes.Ok;
    }

    // A file is simulated alone; a folder as the sync runs it. Offers come from the folder either way.
    private static (PlaybookRuntime? Runtime, string Title, string Folder, int ExitCode) Load(string path)
    {
        if (Directory.Exists(path))
        {
            var (runtime, title, code) = PlaybookLoading.LoadFolder(path, "simulate");
            return (runtime, title, path, code);
        }

        var (compiled, exitCode) = PlaybookLoading.LoadOne(path, "simulate");
        if (compiled is null)
        {
            return (null, "", "", exitCode);
        }

        var status = compiled.Definition.Status.ToString().ToLowerInvariant();
        return (new PlaybookRuntime([compiled]), $"{compiled.Id} v{compiled.Version} ({status})", Path.GetDirectoryName(Path.GetFullPath(path))!, ExitCodes.Ok);
    }

    private static int Fail(IEnumerable<string> errors, TextWriter error)
    {
        foreach (var line in errors)
        {
            error.WriteLine(line);
        }

        return ExitCodes.InputErrors;
    }
}
