using System.Globalization;
using CrmSuite.PlaybookEngine.Diagnostics;

namespace CrmSuite.Connector.Cli;

/// <summary>One cell of the CSV that changes the account on its row's day.</summary>
internal sealed record DailyChange(int Line, DailyColumn Column, object? Value);

/// <summary>What a person does on a day: a CSM records a task outcome, or the customer answers the open proposal.</summary>
internal enum DailyAnswerKind
{
    Outcome,
    Accepted,
    Declined,
}

/// <summary>One answer of the `event` column, with the CSV line it came from.</summary>
internal sealed record DailyAnswer(int Line, DailyAnswerKind Kind, string? Outcome = null)
{
    public override string ToString() => Kind switch
    {
        DailyAnswerKind.Outcome => $"outcome:{Outcome}",
        DailyAnswerKind.Accepted => "proposal:accepted",
        _ => "proposal:declined",
    };
}

/// <summary>
/// The `--signals` CSV of `simulate`: a `day` column (0 = the first simulated day), columns naming the account file's fields
/// (<see cref="DailyColumns"/>), and an optional `event` column of answers (outcome:NAME, proposal:accepted,
/// proposal:declined; several separated by `;`). A row's values hold until a later row changes them. Every bad cell is
/// reported as <c>path:line: column `name`: expected …, got `…`</c>, all at once.
/// </summary>
internal sealed class DailyChanges
{
    /// <summary>The highest day a row may name: the last day of the longest simulation.</summary>
    public const int MaxDay = 3659;

    private const string EventColumn = "event";

    private readonly SortedDictionary<int, List<DailyChange>> _changes = [];
    private readonly SortedDictionary<int, List<DailyAnswer>> _answers = [];

    private DailyChanges(string path) => Path = path;

    public string Path { get; }

    /// <summary>The usage columns the header names (they need a `usage` object in the account file).</summary>
    public IReadOnlyList<string> UsageColumns { get; private set; } = [];

    /// <summary>Each row's day and line, in file order.</summary>
    public IReadOnlyList<(int Day, int Line)> Rows { get; private set; } = [];

    public static (DailyChanges? Changes, List<string> Errors) Read(string path)
    {
        if (!File.Exists(path))
        {
            return (null, [$"{path}: file not found"]);
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || string.IsNullOrWhiteSpace(lines[0]))
        {
            return (null, [$"{path}:1: empty file; expected a header line starting with `day`"]);
        }

        var errors = new List<string>();
        var result = new DailyChanges(path);
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        var columns = result.Header(header, errors);
        var rows = new List<(int, int)>();
        for (var l = 1; l < lines.Length; l++)
        {
            if (!string.IsNullOrWhiteSpace(lines[l]))
            {
                result.Row(l + 1, lines[l].Split(','), header, columns, rows, errors);
            }
        }

        result.Rows = rows;
        return errors.Count > 0 ? (null, errors) : (result, errors);
    }

    /// <summary>The changes of <paramref name="day"/>, in column order.</summary>
    public IReadOnlyList<DailyChange> ChangesOn(int day) => _changes.TryGetValue(day, out var list) ? list : [];

    /// <summary>The answers of <paramref name="day"/>, in the order written.</summary>
    public IReadOnlyList<DailyAnswer> AnswersOn(int day) => _answers.TryGetValue(day, out var list) ? list : [];

    private DailyColumn?[] Header(string[] header, List<string> errors)
    {
        if (header[0] != "day")
        {
            errors.Add($"{Path}:1: the first column must be `day`, got `{header[0]}`");
        }

        var columns = new DailyColumn?[header.Length];
        var usage = new List<string>();
        var names = DailyColumns.All.Keys.Append(EventColumn).ToList();
        for (var c = 1; c < header.Length; c++)
        {
            var name = header[c];
            if (Array.IndexOf(header, name) != c)
            {
                errors.Add($"{Path}:1: column `{name}` appears twice");
            }
            else if (DailyColumns.All.TryGetValue(name, out var column))
            {
                columns[c] = column;
                if (column.IsUsage)
                {
                    usage.Add(name);
                }
            }
            else if (DailyColumns.Computed.TryGetValue(name, out var instead))
            {
                errors.Add($"{Path}:1: column `{name}` cannot be set: the simulation computes it as the sync does ({instead})");
            }
            else if (name != EventColumn)
            {
                errors.Add($"{Path}:1: column `{name}` is not a field the simulation can change{NameSuggester.Hint(name, names)}");
            }
        }

        UsageColumns = usage;
        return columns;
    }

    private void Row(int line, string[] cells, string[] header, DailyColumn?[] columns, List<(int, int)> rows, List<string> errors)
    {
        if (cells.Length > header.Length)
        {
            errors.Add($"{Path}:{line}: {cells.Length} cells, but the header names {header.Length} columns");
            return;
        }

        var dayText = cells[0].Trim();
        if (!int.TryParse(dayText, NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day > MaxDay)
        {
            errors.Add($"{Path}:{line}: column `day`: expected a whole number of days from the start, 0 to {MaxDay}, got `{dayText}`");
            return;
        }

        rows.Add((day, line));
        for (var c = 1; c < cells.Length; c++)
        {
            var cell = cells[c].Trim();
            if (cell.Length == 0)
            {
                continue;
            }

            if (header[c] == EventColumn)
            {
                Answers(line, day, cell, errors);
            }
            else if (columns[c] is { } column)
            {
                var parsed = column.Parse(cell);
                if (parsed.Expected is { } expected)
                {
                    errors.Add($"{Path}:{line}: column `{column.Name}`: expected {expected}, got `{cell}`");
                }
                else
                {
                    Add(_changes, day, new DailyChange(line, column, parsed.Value));
                }
            }
        }
    }

    private void Answers(int line, int day, string cell, List<string> errors)
    {
        foreach (var part in cell.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            DailyAnswer? answer = part.Split(':', 2, StringSplitOptions.TrimEntries) switch
            {
                ["outcome", { Length: > 0 } name] => new DailyAnswer(line, DailyAnswerKind.Outcome, name),
                ["proposal", "accepted"] => new DailyAnswer(line, DailyAnswerKind.Accepted),
                ["proposal", "declined"] => new DailyAnswer(line, DailyAnswerKind.Declined),
                _ => null,
            };
            if (answer is not null)
            {
                Add(_answers, day, answer);
            }
            else if (part == "proposal:expired")
            {
                errors.Add($"{Path}:{line}: column `event`: `proposal:expired` cannot be given: a proposal expires by itself the day after its last " +
                    "valid day, as in the sync; remove it and let the days run");
            }
            else
            {
                errors.Add($"{Path}:{line}: column `event`: expected outcome:NAME, proposal:accepted or proposal:declined, got `{part}`");
            }
        }
    }

    private static void Add<T>(SortedDictionary<int, List<T>> byDay, int day, T item)
    {
        if (!byDay.TryGetValue(day, out var list))
        {
            byDay[day] = list = [];
        }

        list.Add(item);
    }
}
