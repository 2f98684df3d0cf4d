using System.Globalization;

namespace CrmSuite.PlaybookEngine.Signals;

/// <summary>Reads a signal value written as text (CSV cells, imports) into its vector encoding.</summary>
public static class SignalValueParser
{
    /// <summary>Parses <paramref name="text"/>; on failure returns false and what was expected.</summary>
    public static bool TryParse(SignalDefinition signal, string text, out double value, out string expected)
    {
        text = text.Trim();
        value = double.NaN;
        switch (signal.Kind)
        {
            case SignalKind.Percent:
                expected = "a percentage such as 90% or 0.9";
                var isPercent = text.EndsWith('%');
                if (double.TryParse(isPercent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                {
                    value = isPercent ? value / 100 : value;
                    return true;
                }

                return false;
            case SignalKind.Date:
                expected = "a date yyyy-MM-dd";
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    value = date.DayNumber;
                    return true;
                }

                return false;
            case SignalKind.Enum:
                expected = "one of " + string.Join(", ", signal.EnumValues);
                var index = signal.EnumIndex(text);
                value = index;
                return index >= 0;
            case SignalKind.Boolean:
                expected = "true or false";
                if (bool.TryParse(text, out var flag))
                {
                    value = flag ? 1 : 0;
                    return true;
                }

                return false;
            default:
                expected = signal.Kind == SignalKind.Duration ? "a whole number of days" : "a number";
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
