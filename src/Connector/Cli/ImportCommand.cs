using System.CommandLine;
using Microsoft.Extensions.Options;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Crm.Import;
using CrmSuite.Connector.Hosting;

namespace CrmSuite.Connector.Cli;

/// <summary><c>crmsuite import --accounts a.csv --subscriptions s.csv [--usage u.csv] [--strict]</c>: loads real data into the embedded CRM.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var data = new DataOptions();
        var accounts = new Option<string>("--accounts") { Description = "Accounts CSV (columns in docs/data.md).", Required = true };
        var subscriptions = new Option<string>("--subscriptions") { Description = "Subscriptions (licenses) CSV.", Required = true };
        var usage = new Option<string?>("--usage") { Description = "Usage CSV, one row per account." };
        var strict = new Option<bool>("--strict") { Description = "Reject the whole import, changing nothing, if any row is bad." };
        var command = new Command("import", "Load accounts, subscriptions and usage from CSV files into the embedded CRM. Bad rows are reported as file:line and skipped.");
        command.Options.Add(accounts);
        command.Options.Add(subscriptions);
        command.Options.Add(usage);
        command.Options.Add(strict);
        data.AddTo(command, withState: false);
        command.SetAction((parsed, cancellationToken) => DataOptions.GuardAsync("import", async () =>
        {
            var missing = new[] { parsed.GetValue(accounts), parsed.GetValue(subscriptions), parsed.GetValue(usage) }
                .Where(f => f is not null && !File.Exists(f))
                .ToArray();
            if (missing.Length > 0)
            {
                await Console.Error.WriteLineAsync($"crmsuite import: file not found: {string.Join(", ", missing)}");
                return ExitCodes.Usage;
            }

            var (crmOptions, _, _) = ConnectorServices.ReadOptions(data.Configuration(parsed));
            await using var crm = new EmbeddedCrmGateway(Options.Create(crmOptions));
            var exists = await CrmImporter.AccountLookupAsync(crm, cancellationToken);
            var batch = CsvImport.Read(parsed.GetValue(accounts)!, parsed.GetValue(subscriptions)!, parsed.GetValue(usage), exists);
            foreach (var error in batch.Errors)
            {
                await Console.Error.WriteLineAsync(error.ToString());
            }

            if (batch.Errors.Length > 0 && parsed.GetValue(strict))
            {
                await Console.Error.WriteLineAsync($"crmsuite import: {batch.Errors.Length} bad row(s); --strict: nothing was imported.");
                return ExitCodes.InputErrors;
            }

            var summary = await CrmImporter.WriteAsync(crm, batch, cancellationToken);
            Console.WriteLine($"Imported into {crmOptions.Path}: {summary.Accounts} accounts, {summary.Subscriptions} subscriptions, {summary.Usage} usage rows"
                + (batch.Errors.Length > 0 ? $"; {batch.Errors.Length} bad row(s) skipped." : "."));
            return batch.Errors.Length > 0 ? ExitCodes.InputErrors : ExitCodes.Ok;
        }));
        return command;
    }
}
