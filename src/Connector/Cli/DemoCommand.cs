using System.CommandLine;
using System.Globalization;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Demo;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Cli;

/// <summary><c>crmsuite demo seed --accounts N [--seed S] [--today yyyy-MM-dd]</c>: fills the embedded CRM with demo data.</summary>
internal static class DemoCommand
{
    public static Command Create(TimeProvider? time = null, Action<IHostApplicationBuilder>? configure = null)
    {
        var data = new DataOptions();
        var accounts = new Option<int>("--accounts") { Description = "How many accounts to generate.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same data.", DefaultValueFactory = _ => 42 };
        var today = new Option<string?>("--today") { Description = "The day the data set is as of (yyyy-MM-dd); default today (UTC)." };
        var dirty = new Option<double>("--dirty-share")
        {
            Description = "Share of accounts given an impossible license value, for the quarantine to catch (0 for none).",
            DefaultValueFactory = _ => 0.001,
        };
        var seedCommand = new Command("seed", "Replace the embedded CRM's data with a deterministic, realistic demo data set.");
        seedCommand.Options.Add(accounts);
        seedCommand.Options.Add(seed);
        seedCommand.Options.Add(today);
        seedCommand.Options.Add(dirty);
        data.AddTo(seedCommand, withState: false);
        seedCommand.SetAction(async (parsed, cancellationToken) =>
        {
            var count = parsed.GetValue(accounts);
            if (count < 1)
            {
                await Console.Error.WriteLineAsync($"crmsuite demo seed: --accounts must be at least 1, got {count}");
                return ExitCodes.Usage;
            }

            var clock = time ?? TimeProvider.System;
            var asOf = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            if (parsed.GetValue(today) is { } text
                && !DateOnly.TryParseExact(text, SqliteText.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out asOf))
            {
                await Console.Error.WriteLineAsync($"crmsuite demo seed: --today: expected a date yyyy-MM-dd, got '{text}'");
                return ExitCodes.Usage;
            }

            var share = parsed.GetValue(dirty);
            if (share is < 0 or > 1)
            {
                await Console.Error.WriteLineAsync($"crmsuite demo seed: --dirty-share must be between 0 and 1, got {share}");
                return ExitCodes.Usage;
            }

            var dataSet = new DemoDataSet(count, parsed.GetValue(seed), asOf, share);
            return await DataOptions.RunAsync<ICrmDataLoader>("demo seed", data.Overrides(parsed), configure, async (crm, token) =>
            {
                var started = clock.GetTimestamp();
                var summary = await DemoSeeder.SeedAsync(crm, dataSet, new StderrProgress(), token);
                Console.WriteLine(
                    $"Seeded {crm.Location}: {summary.Accounts} accounts, {summary.Subscriptions} subscriptions, {summary.Users} users "
                    + $"as of {SqliteText.Date(asOf)} (seed {parsed.GetValue(seed)}) in {clock.GetElapsedTime(started).TotalSeconds:0.0} s.");
                return ExitCodes.Ok;
            }, cancellationToken);
        });

        var command = new Command("demo", "Demo data for the embedded CRM.");
        command.Subcommands.Add(seedCommand);
        return command;
    }

    // Reports in line with the seeding (Progress<T> would post to the thread pool and could print after the summary).
    private sealed class StderrProgress : IProgress<int>
    {
        public void Report(int value) => Console.Error.WriteLine($"seeded {value} accounts");
    }
}
