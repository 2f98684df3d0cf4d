using System.CommandLine;
using System.Globalization;
using CrmSuite.Connector.Locking;
using CrmSuite.Connector.Workbench;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// <c>crmsuite preview PLAYBOOK|FOLDER [--on DATE] [--format table|csv|json] [--sample N]</c>: which accounts of the
/// connected CRM the playbooks match on that day, what the next sync would open, and a sample with the facts that
/// matched. Read-only: no lock, nothing written to the CRM or the state store.
/// </summary>
internal static class PreviewCommand
{
    public static Command Create(Action<IHostApplicationBuilder>? configure = null)
    {
        var data = new DataOptions();
        var target = new Argument<string>("playbooks") { Description = "A playbook file (run whatever its status) or a folder (its approved playbooks, as a sync runs them)." };
        var on = new Option<string?>("--on") { Description = "The day to preview (yyyy-MM-dd), evaluated at noon in Sync:TimeZone; default now." };
        var format = new Option<string>("--format") { Description = "table, csv or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var sample = new Option<int>("--sample") { Description = "How many accounts to show with their facts (0-1000).", DefaultValueFactory = _ => 10 };
        var command = new Command("preview", "Which accounts the playbooks match today on the connected CRM, read-only: counts by state, segment and CSM, the tasks and proposals the next sync would open, a sample with the facts that matched.");
        command.Arguments.Add(target);
        command.Options.Add(on);
        command.Options.Add(format);
        command.Options.Add(sample);
        data.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            DateOnly? day = null;
            if (parsed.GetValue(on) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsedDay))
                {
                    await Console.Error.WriteLineAsync($"crmsuite preview: --on: expected a date yyyy-MM-dd, got '{text}'");
                    return ExitCodes.Usage;
                }

                day = parsedDay;
            }

            var size = parsed.GetValue(sample);
            if (size is < 0 or > 1000)
            {
                await Console.Error.WriteLineAsync($"crmsuite preview: --sample must be between 0 and 1000, got {size}");
                return ExitCodes.Usage;
            }

            var path = parsed.GetValue(target)!;
            PlaybookRuntime runtime;
            if (Directory.Exists(path))
            {
                var (folder, _, exit) = PlaybookLoading.LoadFolder(path, "preview");
                if (folder is null)
                {
                    return exit;
                }

                runtime = folder;
            }
            else
            {
                var (one, exit) = PlaybookLoading.LoadOne(path, "preview");
                if (one is null)
                {
                    return exit;
                }

                runtime = new PlaybookRuntime([one]);
            }

            return await DataOptions.RunAsync<PreviewVerb>("preview", data.Overrides(parsed), b =>
            {
                b.Services.AddSingleton<FleetPreview>();
                b.Services.AddSingleton<PreviewVerb>();
                configure?.Invoke(b);
            }, async (verb, token) =>
            {
                if (ReadOnlyData.MissingCrm(verb.Files) is { } missing)
                {
                    await Console.Error.WriteLineAsync($"crmsuite preview: {missing}");
                    return ExitCodes.Usage;
                }

                var report = await verb.Services.GetRequiredService<FleetPreview>().RunAsync(runtime, day, size, token);
                await Console.Out.WriteAsync(parsed.GetValue(format) switch
                {
                    "csv" => PreviewOutput.Csv(report),
                    "json" => PreviewOutput.Json(report),
                    _ => PreviewOutput.Table(report),
                });
                return ExitCodes.Ok;
            }, cancellationToken, writes: DataWrites.None);
        });
        return command;
    }

    /// <summary>The data files first (a missing local CRM is refused rather than created), then the preview.</summary>
    internal sealed record PreviewVerb(IEnumerable<DataFile> Files, IServiceProvider Services);
}
