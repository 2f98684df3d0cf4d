using CrmSuite.Connector.Playbooks;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CrmSuite.PlaybookEngine.Offers;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// `crmsuite propose --account file.json [--offer ID] [--format md|html|json] [--pricebook dir|file] [--today yyyy-MM-dd]`:
/// builds the upgrade proposal for one account from the price book and offers, or says why there is none.
/// </summary>
internal static class ProposeCommand
{
    public static Command Create()
    {
        var account = new Option<string>("--account") { Description = "Account JSON file (account, subscription, optional usage).", Required = true };
        var offer = new Option<string?>("--offer") { Description = "Offer id to propose; by default the next-best offer is chosen." };
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "html", "json");
        var pricebook = new Option<string>("--pricebook") { Description = "Price book and offers: a folder of .md files or one file.", DefaultValueFactory = _ => "playbooks" };
        var today = new Option<string?>("--today") { Description = "The day to propose on (yyyy-MM-dd); defaults to today (UTC)." };

        var command = new Command("propose", "Build an upgrade proposal for one account: price path, proration, ROI and a clear call to action.");
        command.Options.Add(account);
        command.Options.Add(offer);
        command.Options.Add(format);
        command.Options.Add(pricebook);
        command.Options.Add(today);
        command.SetAction(parse => Run(
            parse.GetValue(account)!, parse.GetValue(offer), parse.GetValue(format) ?? "md", parse.GetValue(pricebook) ?? "playbooks", parse.GetValue(today), TimeProvider.System));
        return command;
    }

    internal static int Run(string accountPath, string? offerId, string format, string pricebookPath, string? todayText, TimeProvider time)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (todayText is not null && !DateOnly.TryParseExact(todayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out today))
        {
            return Usage($"--today: expected a date yyyy-MM-dd, got '{todayText}'");
        }

        if (!File.Exists(accountPath))
        {
            return Usage($"{accountPath}: file not found");
        }

        var files = PriceBookFiles(pricebookPath);
        if (files is null)
        {
            return Usage($"{pricebookPath}: no such file or folder");
        }

        var (contents, errors) = AccountFile.Read(accountPath);
        if (contents is null)
        {
            return Fail(errors);
        }

        var parsed = files.Select(f => PriceBookParser.Parse(File.ReadAllText(f), f)).ToList();
        var catalog = new OfferCatalog(parsed, today);
        if (catalog.HasErrors || !parsed.Any(p => p.PriceBook is not null))
        {
            var problems = catalog.Diagnostics.Select(d => d.ToString()).ToList();
            return Fail(problems.Count > 0 ? problems : [$"{pricebookPath}: no price book (front matter `kind: pricebook`) found"]);
        }

        var (a, s, usage) = contents;
        var signals = SignalComputer.Compute(a, s, usage, today);
        var result = new ProposalBuilder(catalog).Build(a, s, usage, signals, offerId, today);
        if (result.HasErrors)
        {
            return Fail([.. result.Errors.Select(e => $"{accountPath}: {e}")]);
        }

        Console.Out.Write(result.Proposal is { } proposal
            ? format switch
            {
                "html" => ProposalHtmlRenderer.Render(proposal),
                "json" => ProposalJsonRenderer.Render(proposal),
                _ => ProposalMarkdownRenderer.Render(proposal),
            }
            : NoOffer(a.Id, result.Decision.Reason, format));
        return ExitCodes.Ok;
    }

    private static string NoOffer(string accountId, string reason, string format) => format == "json"
        ? JsonSerializer.Serialize(new Dictionary<string, string?> { ["account_id"] = accountId, ["offer_id"] = null, ["reason"] = reason }) + "\n"
        : $"No offer for account {accountId}: {reason}.\n";

    private static List<string>? PriceBookFiles(string path)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            return null;
        }

        return [.. Directory.EnumerateFiles(path, "*.md", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Where(f => PriceBookParser.Handles(PriceBookParser.PeekKind(File.ReadAllText(f))))];
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"crmsuite propose: {message}");
        return ExitCodes.Usage;
    }

    private static int Fail(IEnumerable<string> errors)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine(error);
        }

        return ExitCodes.InputErrors;
    }
}
