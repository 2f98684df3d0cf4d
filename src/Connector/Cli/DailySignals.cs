using System.Globalization;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// The `--signals` CSV of `simulate`: a `day` column (0 = the first simulated day), any signal columns, and an optional
/// `event` column (outcome:NAME, proposal:accepted|declined|expired). A row's values hold until a later row changes them.
/// </summary>
internal sealed class DailySignals
{
    private readonly SortedDictionary<int, List<(int Ordinal, double Value)>> _changes = [];
    private readonly Dictionary<int, List<PlaybookEvent>> _events = [];

    public static (DailySignals? Signals, List<string> Errors) Read(string path, SignalCatalog catalog)
    {
        var errors = new List<string>();
        if (!File.Exists(path))
        {
            return (null, [$"{path}: file not found"]);
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            return (null, [$"{path}:1: empty file; expected a header line starting with `day`"]);
        }

        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        if (header[0] != "day")
        {
            errors.Add($"{path}:1: the first column must be `day`, got `{header[0]}`");
        }

        var columns = new SignalDefinition?[header.Length];
        for (var c = 1; c < header.Length; c++)
        {
            if (header[c] == "event")
            {
                continue;
            }

            if (catalog.TryGet(header[c], out var signal))
            {
                columns[c] = signal;
            }
            else
            {
                errors.Add($"{path}:1: column `{header[c]}` is not a signal{PlaybookEngine.Diagnostics.NameSuggester.Hint(header[c], catalog.Names)}");
            }
        }

        var result = new DailySignals();
        for (var l = 1; l < lines.Length; l++)
        {
            if (string.IsNullOrWhiteSpace(lines[l]))
            {
                continue;
            }

            var cells = lines[l].Split(',');
            if (!int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var day) || day < 0)
            {
                errors.Add($"{path}:{l + 1}: field `day`: expected a whole number of days from the start (0, 1, …), got `{cells[0]}`");
                continue;
            }

            for (var c = 1; c < Math.Min(cells.Length, header.Length); c++)
            {
                var cell = cells[c].Trim();
                if (cell.Length == 0)
                {
                    continue;
                }

                if (header[c] == "event")
                {
                    if (ParseEvent(cell) is { } playbookEvent)
                    {
                        result.EventsOn(day).Add(playbookEvent);
                    }
                    else
                    {
                        errors.Add($"{path}:{l + 1}: field `event`: expected outcome:NAME or proposal:accepted|declined|expired, got `{cell}`");
                    }
                }
                else if (columns[c] is { } signal)
                {
                    if (SignalValueParser.TryParse(signal, cell, out var value, out var expected))
                    {
                        result.ChangesOn(day).Add((signal.Ordinal, value));
                    }
                    else
                    {
                        errors.Add($"{path}:{l + 1}: field `{signal.Name}`: expected {expected}, got `{cell}`");
                    }
                }
            }
        }

        return errors.Count > 0 ? (null, errors) : (result, errors);
    }

    /// <summary>Applies every change up to and including <paramref name="day"/> onto <paramref name="signals"/>.</summary>
    public void ApplyUpTo(int day, ref SignalVector signals)
    {
        foreach (var (changeDay, changes) in _changes)
        {
            if (changeDay > day)
            {
                break;
            }

            foreach (var (ordinal, value) in changes)
            {
                signals[ordinal] = value;
            }
        }
    }

    public IReadOnlyList<PlaybookEvent> Events(int day) => _events.TryGetValue(day, out var list) ? list : [];

    private List<(int, double)> ChangesOn(int day) => _changes.TryGetValue(day, out var list) ? list : _changes[day] = [];

    private List<PlaybookEvent> EventsOn(int day) => _events.TryGetValue(day, out var list) ? list : _events[day] = [];

    private static PlaybookEvent? ParseEvent(string cell)
    {
        var parts = cell.Split(':', 2, StringSplitOptions.TrimEntries);
        return parts switch
        {
            ["outcome", { Length: > 0 } name] => PlaybookEvent.Outcome(name),
            ["proposal", "accepted"] => new PlaybookEvent(PlaybookEventKind.ProposalAccepted),
            ["proposal", "declined"] => new PlaybookEvent(PlaybookEventKind.ProposalDeclined),
            ["proposal", "expired"] => new PlaybookEvent(PlaybookEventKind.ProposalExpired),
            _ => null,
        };
    }
}
