using System.Globalization;
using System.Text.RegularExpressions;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>Durations as authors write them: whole days or weeks ("3 days", "2 weeks").</summary>
internal static partial class DurationText
{
    public const string Expected = "a whole number of days or weeks (at most 9999), e.g. `3 days` or `2 weeks`";

    /// <summary>The largest amount a duration may state; four digits, as <see cref="Parse"/> reads them.</summary>
    public const int MaxAmount = 9999;

    public static int? ToDays(int amount, string unit) => unit.ToLowerInvariant() switch
    {
        "day" or "days" => amount,
        "week" or "weeks" => amount * 7,
        _ => null,
    };

    public static int? Parse(string text)
    {
        var match = Pattern().Match(text.Trim());
        return match.Success ? ToDays(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value) : null;
    }

    /// <summary>
    /// A suffix for an error about <paramref name="text"/>, <c> (did you mean `21 days`?)</c>, when it is a duration in a
    /// shorthand (<c>21d</c>, <c>2w</c>, <c>3 wks</c>); empty otherwise.
    /// </summary>
    public static string Hint(string text) => Spelled(text) is { } spelled ? $" (did you mean `{spelled}`?)" : "";

    /// <summary><paramref name="text"/> written out (<c>21d</c> → <c>21 days</c>), or null when it is no duration shorthand.</summary>
    public static string? Spelled(string text)
    {
        var match = Shorthand().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        var amount = match.Groups[1].Value;
        var one = amount == "1";
        return match.Groups[2].Value.ToLowerInvariant()[0] == 'd'
            ? $"{amount} {(one ? "day" : "days")}"
            : $"{amount} {(one ? "week" : "weeks")}";
    }

    [GeneratedRegex(@"^(\d{1,4})\s+([A-Za-z]+)$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^(\d{1,4})\s*(d|ds|dy|dys|w|wk|wks|wek|weks)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex Shorthand();
}
