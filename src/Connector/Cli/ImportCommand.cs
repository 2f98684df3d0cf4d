using System.CommandLine;
using CrmSuite.Connector.Locking;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Import;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// <c>crmsuite import [--accounts a.csv --subscriptions s.csv [--usage u.csv]] [--usage-history h.csv] [--strict]</c>: loads
/// real data into the embedded CRM, all files in one transaction. <c>crmsuite import --subscription-history h.csv</c> writes
/// the state store's MRR ledger instead (<see cref="SubscriptionHistoryImport"/>).
/// </summary>
internal static class ImportCommand
{
    public static Command Create(Action<IHostApplicationBuilder>? configure = null)
    {
        var data = new DataOptions();
        var accounts = new Option<string?>("--accounts") { Description = "Accounts CSV (columns in docs/data.md); needs --subscriptions." };
        var subscriptions = new Option<string?>("--subscriptions") { Description = "Subscriptions (licenses) CSV; needs --accounts." };
        var usage = new Option<string?>("--usage") { Description = "Usage CSV, one row per account (the latest); needs --accounts." };
        var usageHistory = new Option<string?>("--usage-history")
        {
            Description = "Usage history CSV: the usage columns, one row per account and day a value changed, in date order per account; optional seats_used.",
        };
        var subscriptionHistory = new Option<string?>("--subscription-history")
        {
            Description = "Subscription history CSV: a subscription's state from each date, in date order per subscription; written to the state store's MRR ledger. Alone.",
        };
        var strict = new Option<bool>("--strict") { Description = "Reject the whole import, changing nothing, if any row is bad." };
        var command = new Command("import", "Load accounts, subscriptions and usage from CSV files into the embedded CRM (bad rows are reported as file:line and skipped), or subscription history into the state store's MRR ledger (any bad row: nothing written).");
        command.Options.Add(accounts);
        command.Options.Add(subscriptions);
        command.Options.Add(usage);
        command.Options.Add(usageHistory);
        command.Options.Add(subscriptionHistory);
        command.Options.Add(strict);
        data.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            if (parsed.GetValue(subscriptionHistory) is { } history)
            {
                return await SubscriptionHistoryImport.RunAsync(history, parsed, [accounts, subscriptions, usage, usageHistory], data, configure, cancellationToken);
            }

            var files = new ImportFiles(parsed.GetValue(accounts), parsed.GetValue(subscriptions), parsed.GetValue(usage), parsed.GetValue(usageHistory));
            if (Usage(files) is { } usageError)
            {
                await Console.Error.WriteLineAsync($"crmsuite import: {usageError}");
                return ExitCodes.Usage;
            }

            var missing = new[] { files.Accounts, files.Subscriptions, files.Usage, files.UsageHistory }
                .Where(f => f is not null && !File.Exists(f))
                .ToArray();
            if (missing.Length > 0)
            {
                await Console.Error.WriteLineAsync($"crmsuite import: file not found: {string.Join(", ", missing)}");
                return ExitCodes.Usage;
            }

            return await DataOptions.RunAsync<ICrmDataLoader>("import", data.Overrides(parsed), configure, async (crm, token) =>
            {
                var isStrict = parsed.GetValue(strict);
                var summary = await CrmImporter.ImportAsync(crm, files, isStrict, token);
                foreach (var error in summary.Errors)
                {
                    await Console.Error.WriteLineAsync(error.ToString());
                }

                if (summary.Errors.Count > 0 && isStrict)
                {
                    await Console.Error.WriteLineAsync($"crmsuite import: {summary.Errors.Count} error(s); --strict: nothing was imported.");
                    return ExitCodes.InputErrors;
                }

                Console.WriteLine($"Imported into {crm.Location}: {summary.Accounts} accounts, {summary.Subscriptions} subscriptions, {summary.Usage} usage rows, {summary.UsageHistory} usage history rows"
                    + (summary.Errors.Count > 0 ? $"; {summary.Errors.Count} error(s), their rows skipped." : "."));
                return summary.Errors.Count > 0 ? ExitCodes.InputErrors : ExitCodes.Ok;
            }, cancellationToken, DataWrites.Crm);
        });
        return command;
    }

    private static string? Usage(ImportFiles files) => files switch
    {
        { Accounts: null, Subscriptions: null, UsageHistory: null } => "give --accounts and --subscriptions, or --usage-history",
        { Accounts: null, Subscriptions: not null } => "--subscriptions needs --accounts",
        { Accounts: not null, Subscriptions: null } => "--accounts needs --subscriptions",
        { Accounts: null, Usage: not null } => "--usage needs --accounts and --subscriptions",
        _ => null,
    };
}
