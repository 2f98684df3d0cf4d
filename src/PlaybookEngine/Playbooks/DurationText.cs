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

    [GeneratedRegex(@"^(\d{1,4})\s+([A-Za-z]+)$")]
    private static partial Regex Pattern();
}
