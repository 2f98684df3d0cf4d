using System.CommandLine;
using System.Globalization;
using CrmSuite.Connector.Metrics;
using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// <c>crmsuite metrics</c>: the metrics report for a period (docs/metrics.md), as a table, CSV or JSON. Reads the state
/// store and the CRM without the writer lock, like <c>status</c>.
/// </summary>
internal static class MetricsCommand
{
    private static readonly string[] Groupings = ["month", "quarter", "segment", "industry", "csm", "playbook"];
    private static readonly string[] Formats = ["table", "csv", "json"];

    public static Command Create(Action<IHostApplicationBuilder>? configure = null)
    {
        var data = new DataOptions();
        var from = new Option<string>("--from") { Description = "The period's first day, yyyy-MM-dd.", Required = true };
        var to = new Option<string>("--to") { Description = "The period's last day, yyyy-MM-dd (included).", Required = true };
        var by = new Option<string?>("--by") { Description = "Group by month, quarter, segment, industry, csm or playbook." };
        var format = new Option<string>("--format") { Description = "table, csv or json.", DefaultValueFactory = _ => "table" };
        var segment = new Option<string?>("--segment") { Description = "Only accounts of this segment." };
        var industry = new Option<string?>("--industry") { Description = "Only accounts of this industry." };
        var csm = new Option<string?>("--csm") { Description = "Only accounts this CSM (user id) owns." };
        var playbook = new Option<string?>("--playbook") { Description = "Only accounts that have been in this playbook." };
        var experiments = new Option<bool>("--experiments")
        {
            Description = "Compare each experiment's treated and held-out accounts (upgrade rate, churn, NRR, GRR) with confidence intervals.",
        };
        var command = new Command("metrics", "Report NRR, GRR, MRR movements, upgrade rate, funnels and CSM outcomes for a period.");
        foreach (var option in new Option[] { from, to, by, format, segment, industry, csm, playbook, experiments })
        {
            command.Options.Add(option);
        }

        data.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            if (Parse(parsed.GetValue(from)!, parsed.GetValue(to)!, parsed.GetValue(by), parsed.GetValue(format)!) is not { } request)
            {
                return ExitCodes.Usage;
            }

            var (period, output) = request;
            var compare = parsed.GetValue(experiments);
            if (compare && (period.By != MetricsGrouping.None || parsed.GetValue(segment) is not null || parsed.GetValue(industry) is not null
                || parsed.GetValue(csm) is not null || parsed.GetValue(playbook) is not null))
            {
                await Console.Error.WriteLineAsync("crmsuite metrics: --experiments compares every experiment's own groups; leave out --by, --segment, --industry, --csm and --playbook.");
                return ExitCodes.Usage;
            }

            var query = period with
            {
                Filter = new MetricsFilter(parsed.GetValue(segment), parsed.GetValue(industry), parsed.GetValue(csm), parsed.GetValue(playbook)),
            };
            return await DataOptions.RunAsync<MetricsReports>("metrics", data.Overrides(parsed), configure, async (reports, token) =>
            {
                MetricsReport report;
                try
                {
                    if (compare)
                    {
                        var experimentReport = reports.BuildExperiments(query.From, query.To);
                        Console.Write(output switch
                        {
                            "json" => MetricsJson.Serialize(experimentReport) + Environment.NewLine,
                            "csv" => ExperimentText.Csv(experimentReport),
                            _ => ExperimentText.Table(experimentReport),
                        });
                        return ExitCodes.Ok;
                    }

                    report = await reports.BuildAsync(query, token);
                }
                catch (MetricsException ex)
                {
                    var hint = ex.Currency is { } code ? $" (set {MetricsSettings.Section}:{nameof(MetricsSettings.Rates)}:{code} in the configuration)" : "";
                    await Console.Error.WriteLineAsync($"crmsuite metrics: {ex.Message}{hint}");
                    return ExitCodes.Usage;
                }

                var suppressed = output == "csv" ? [] : await reports.SuppressedAsync(query, token);
                Console.Write(output switch
                {
                    "json" => MetricsJson.Serialize(report, suppressed) + Environment.NewLine,
                    "csv" => MetricsText.Csv(report),
                    _ => MetricsText.Table(report) + MetricsText.SuppressedTable(suppressed),
                });
                return ExitCodes.Ok;
            }, cancellationToken, writes: Locking.DataWrites.None);
        });
        return command;
    }

    /// <summary>The period, grouping and format, or null after naming the option at fault on stderr.</summary>
    private static (MetricsQuery Query, string Format)? Parse(string fromText, string toText, string? byText, string formatText)
    {
        if (Day("--from", fromText) is not { } first || Day("--to", toText) is not { } last)
        {
            return null;
        }

        if (first > last)
        {
            Console.Error.WriteLine($"crmsuite metrics: --from {fromText} is after --to {toText}.");
            return null;
        }

        var by = MetricsGrouping.None;
        if (byText is not null)
        {
            if (!Groupings.Contains(byText, StringComparer.Ordinal))
            {
                Console.Error.WriteLine($"crmsuite metrics: --by: expected month, quarter, segment, industry, csm or playbook, got '{byText}'.");
                return null;
            }

            by = Enum.Parse<MetricsGrouping>(byText, ignoreCase: true);
        }

        if (!Formats.Contains(formatText, StringComparer.Ordinal))
        {
            Console.Error.WriteLine($"crmsuite metrics: --format: expected table, csv or json, got '{formatText}'.");
            return null;
        }

        return (new MetricsQuery(first, last, by, MetricsFilter.None), formatText);
    }

    private static DateOnly? Day(string option, string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        Console.Error.WriteLine($"crmsuite metrics: {option}: expected a date yyyy-MM-dd, got '{text}'.");
        return null;
    }
}
