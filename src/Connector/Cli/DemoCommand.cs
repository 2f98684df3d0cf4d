using System.CommandLine;
using System.Globalization;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Demo;
using CrmSuite.Connector.Sqlite;
using CrmSuite.Connector.Locking;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// <c>crmsuite demo seed --accounts N [--seed S] [--today yyyy-MM-dd] [--history-days D]</c>: fills the embedded CRM and the
/// state store with a demo business and the history that led to it.
/// </summary>
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
        var historyDays = new Option<int>("--history-days")
        {
            Description = "Days of history played through the playbooks before --today (simulated CSMs and customers); 0 for none.",
            DefaultValueFactory = _ => DemoHistoryDefaults.Days,
        };
        var seedCommand = new Command("seed",
            "Replace the embedded CRM's data and the state store with a deterministic demo business and its recent history.");
        seedCommand.Options.Add(accounts);
        seedCommand.Options.Add(seed);
        seedCommand.Options.Add(today);
        seedCommand.Options.Add(dirty);
        seedCommand.Options.Add(historyDays);
        data.AddTo(seedCommand);
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

            var days = parsed.GetValue(historyDays);
            if (days is < 0 or > DemoHistoryDefaults.MaxDays)
            {
                await Console.Error.WriteLineAsync($"crmsuite demo seed: --history-days must be between 0 and {DemoHistoryDefaults.MaxDays}, got {days}");
                return ExitCodes.Usage;
            }

            var request = new DemoHistoryRequest(count, parsed.GetValue(seed), asOf, days, share);
            var overrides = data.Overrides(parsed);
            return await DataOptions.RunAsync<StateStoreFile>("demo seed", overrides, configure, (state, token) =>
                SeedAsync(request, state.Path, overrides, configure, clock, token), cancellationToken);
        });

        var command = new Command("demo", "Demo data for the embedded CRM.");
        command.Subcommands.Add(seedCommand);
        return command;
    }

    // The outer verb holds the writer lock on the CRM and the state store; the inner hosts work under it. The history goes
    // into a new state store beside the old one; the old one is removed just before the CRM's load
    // commits, and the new one takes its place after. A run killed before that leaves the old CRM and state as they were; one
    // killed after it leaves the new CRM with no state store, which the next sync rebuilds from the CRM as a first sync.
    private static async Task<int> SeedAsync(
        DemoHistoryRequest request, string statePath, IReadOnlyDictionary<string, string?> overrides, Action<IHostApplicationBuilder>? configure,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Days == 0)
        {
            return await SeedWithoutHistoryAsync(request, statePath, overrides, configure, clock, cancellationToken);
        }

        var seeding = statePath + ".seeding";
        SqliteFile.Delete(seeding);
        var staged = new Dictionary<string, string?>(overrides) { ["Store:Sqlite:Path"] = seeding };
        var started = clock.GetTimestamp();
        var exit = await DataOptions.RunAsync<DemoHistory>("demo seed", staged, configure, async (history, token) =>
        {
            var summary = await history.SeedAsync(request, _ =>
            {
                SqliteFile.Delete(statePath);
                return Task.CompletedTask;
            }, new StderrProgress(), token);
            Console.WriteLine(
                $"Seeded {summary.Accounts} accounts, {summary.Subscriptions} subscriptions, {summary.Users} users as of {SqliteText.Date(request.Today)} "
                + $"(seed {request.Seed}) with {summary.Days} days of history: {summary.Transitions} transitions, {summary.Tasks} tasks "
                + $"({summary.OpenTasks} open), {summary.Proposals} proposals ({summary.OpenProposals} awaiting an answer, {summary.Accepted} accepted), "
                + $"{summary.MrrMovements} MRR movements, in {clock.GetElapsedTime(started).TotalSeconds:0.0} s.");
            return ExitCodes.Ok;
        }, cancellationToken, writes: DataWrites.None, readsPlaybooks: true);
        if (exit == ExitCodes.Ok)
        {
            SqliteFile.Move(seeding, statePath);
        }
        else
        {
            SqliteFile.Delete(seeding);
        }

        return exit;
    }

    // The book as of --today and no state store: the first sync starts from nothing, as on a new CRM.
    private static Task<int> SeedWithoutHistoryAsync(
        DemoHistoryRequest request, string statePath, IReadOnlyDictionary<string, string?> overrides, Action<IHostApplicationBuilder>? configure,
        TimeProvider clock, CancellationToken cancellationToken) =>
        DataOptions.RunAsync<ICrmDataLoader>("demo seed", overrides, configure, async (crm, token) =>
        {
            var started = clock.GetTimestamp();
            var data = new DemoDataSet(request.Accounts, request.Seed, request.Today, request.DirtyShare);
            var summary = await DemoSeeder.SeedAsync(crm, data, new StderrProgress(), token, _ =>
            {
                SqliteFile.Delete(statePath);
                return Task.CompletedTask;
            });
            Console.WriteLine(
                $"Seeded {crm.Location}: {summary.Accounts} accounts, {summary.Subscriptions} subscriptions, {summary.Users} users "
                + $"as of {SqliteText.Date(request.Today)} (seed {request.Seed}), no history, in {clock.GetElapsedTime(started).TotalSeconds:0.0} s.");
            return ExitCodes.Ok;
        }, cancellationToken, writes: DataWrites.None);

    // Reports in line with the seeding (Progress<T> would post to the thread pool and could print after the summary).
    private sealed class StderrProgress : IProgress<int>
    {
        private int _printed;

        public void Report(int value)
        {
            if (value / 50_000 > _printed / 50_000)
            {
                Console.Error.WriteLine($"seeded {value} accounts");
                _printed = value;
            }
        }
    }
}
