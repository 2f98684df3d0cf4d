using CrmSuite.Connector.Sqlite;
using System.Globalization;

namespace CrmSuite.Connector.Import;

/// <summary>Typed access to the fields of one CSV row, collecting one error per bad field.</summary>
internal sealed class CsvRow(string file, int line, IReadOnlyDictionary<string, string?> fields, List<ImportError> errors)
{
    public int Line => line;

    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);

    public bool HasErrors { get; private set; }

    /// <summary>Whether any of <paramref name="fieldNames"/> was reported bad.</summary>
    public bool AnyFailed(IEnumerable<string> fieldNames) => fieldNames.Any(_failed.Contains);

    public string Text(string field) => Required(field, OptionalText(field)) ?? "";

    public string? OptionalText(string field) =>
        fields.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public string OneOf(string field, IReadOnlyList<string> allowed) => Required(field, OptionalOneOf(field, allowed)) ?? "";

    public string? OptionalOneOf(string field, IReadOnlyList<string> allowed)
    {
        var text = OptionalText(field);
        if (text is null || allowed.Contains(text))
        {
            return text;
        }

        Fail(field, $"'{text}' is not one of {string.Join(", ", allowed)}");
        return null;
    }

    public int Int(string field, int min = int.MinValue, int max = int.MaxValue) => Required(field, OptionalInt(field, min, max)) ?? 0;

    public int? OptionalInt(string field, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = OptionalText(field);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Fail(field, $"'{text}' is not a whole number");
            return null;
        }

        if (value < min || value > max)
        {
            Fail(field, $"{value} is outside {min}..{max}");
            return null;
        }

        return value;
    }

    public decimal Decimal(string field, decimal min = decimal.MinValue, decimal max = decimal.MaxValue) =>
        Required(field, OptionalDecimal(field, min, max)) ?? 0m;

    public decimal? OptionalDecimal(string field, decimal min = decimal.MinValue, decimal max = decimal.MaxValue)
    {
        var text = OptionalText(field);
        if (text is null)
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            Fail(field, $"'{text}' is not a number (use '.' for decimals, no thousands separators)");
            return null;
        }

        if (value < min || value > max)
        {
            Fail(field, $"{value} is outside {min}..{max}");
            return null;
        }

        return value;
    }

    public DateOnly Date(string field) => Required(field, OptionalDate(field)) ?? default;

    public DateOnly? OptionalDate(string field)
    {
        var text = OptionalText(field);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, SqliteText.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Fail(field, $"'{text}' is not a date yyyy-MM-dd");
        return null;
    }

    public void Fail(string field, string reason)
    {
        HasErrors = true;
        _failed.Add(field);
        errors.Add(new ImportError(file, line, field, reason));
    }

    private T Required<T>(string field, T value)
    {
        // A present but malformed value has been reported already; only an empty one is "missing".
        if (value is null && OptionalText(field) is null)
        {
            Fail(field, "missing");
        }

        return value;
    }
}
