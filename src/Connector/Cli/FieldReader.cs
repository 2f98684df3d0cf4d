using System.Globalization;
using System.Text.Json;

namespace CrmSuite.Connector.Cli;

/// <summary>Reads typed fields out of JSON objects, collecting one error per bad field instead of stopping at the first.</summary>
internal sealed class FieldReader(string path)
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    public JsonElement? Object(JsonElement parent, string name)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        Fail(name, "an object");
        return null;
    }

    public string Text(JsonElement parent, string field) => Required(() => OptionalText(parent, field), field, "a string", "");

    public string? OptionalText(JsonElement parent, string field)
    {
        if (!TryGet(parent, field, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        Fail(field, "a string");
        return null;
    }

    public int Int(JsonElement parent, string field) => Required(() => OptionalInt(parent, field), field, "a whole number", 0);

    public int? OptionalInt(JsonElement parent, string field)
    {
        if (!TryGet(parent, field, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        Fail(field, "a whole number");
        return null;
    }

    /// <summary>A whole number of months from <paramref name="min"/> to <paramref name="max"/>, or null when absent.</summary>
    public int? OptionalMonths(JsonElement parent, string field, int min, int max)
    {
        var number = OptionalInt(parent, field);
        if (number is { } n && (n < min || n > max))
        {
            Fail(field, $"a whole number of months from {min} to {max}", n.ToString(CultureInfo.InvariantCulture));
            return null;
        }

        return number;
    }

    public decimal Decimal(JsonElement parent, string field) => Required(() => OptionalDecimal(parent, field), field, "a number", 0m);

    public decimal? OptionalDecimal(JsonElement parent, string field)
    {
        if (!TryGet(parent, field, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            return number;
        }

        Fail(field, "a number");
        return null;
    }

    public DateOnly Date(JsonElement parent, string field) => Required(() => OptionalDate(parent, field), field, "a date yyyy-MM-dd", default(DateOnly));

    public DateOnly? OptionalDate(JsonElement parent, string field)
    {
        var text = OptionalText(parent, field);
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Fail(field, "a date yyyy-MM-dd", text);
        }
        else if (date < DailyColumns.FirstDate || date > DailyColumns.LastDate)
        {
            Fail(field, $"a date from {DailyColumns.FirstDate:yyyy-MM-dd} to {DailyColumns.LastDate:yyyy-MM-dd}", text);
        }
        else
        {
            return date;
        }

        return null;
    }

    public T Enum<T>(JsonElement parent, string field)
        where T : struct, Enum =>
        Required(() => OptionalEnum<T>(parent, field), field, OneOf<T>(), default(T));

    public T? OptionalEnum<T>(JsonElement parent, string field)
        where T : struct, Enum
    {
        var text = OptionalText(parent, field);
        if (text is null)
        {
            return null;
        }

        if (System.Enum.TryParse<T>(text.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed))
        {
            return parsed;
        }

        Fail(field, OneOf<T>(), text);
        return null;
    }

    private static string OneOf<T>()
        where T : struct, Enum =>
        "one of " + string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));

    private static bool TryGet(JsonElement parent, string field, out JsonElement value)
    {
        var name = field[(field.LastIndexOf('.') + 1)..];
        if (parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    private T Required<T>(Func<T?> read, string field, string expected, T fallback)
        where T : struct
    {
        var before = _errors.Count;
        if (read() is { } value)
        {
            return value;
        }

        // A present but malformed field has already been reported; only a truly absent one is "missing".
        if (_errors.Count == before)
        {
            _errors.Add($"{path}: {field}: missing; expected {expected}");
        }

        return fallback;
    }

    private string Required(Func<string?> read, string field, string expected, string fallback)
    {
        var before = _errors.Count;
        if (read() is { } value)
        {
            return value;
        }

        if (_errors.Count == before)
        {
            _errors.Add($"{path}: {field}: missing; expected {expected}");
        }

        return fallback;
    }

    private void Fail(string field, string expected, string? actual = null) =>
        _errors.Add(actual is null ? $"{path}: {field}: expected {expected}" : $"{path}: {field}: expected {expected}, got '{actual}'");
}
