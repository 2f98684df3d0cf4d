using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CrmSuite.Connector.Workbench;

/// <summary>
/// A condition's canonical text, so that spelling that cannot change its meaning is no change: spaces, keyword and enum
/// case, quotes around enum values, <c>90%</c> against <c>0.9</c>, <c>2 weeks</c> against <c>14 days</c>.
/// </summary>
internal static partial class ConditionText
{
    public static string Canonical(string? condition)
    {
        if (string.IsNullOrWhiteSpace(condition))
        {
            return "";
        }

        var text = condition.ToLowerInvariant().Replace("\"", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal);
        text = Percent().Replace(text, m => Fraction(m.Groups[1].Value));
        text = Weeks().Replace(text, m => Days(m.Groups[1].Value, 7));
        text = Day().Replace(text, m => Days(m.Groups[1].Value, 1));
        text = Spaces().Replace(text, " ").Trim();
        return AroundSymbols().Replace(text, "$1");
    }

    private static string Fraction(string number) =>
        (decimal.Parse(number, CultureInfo.InvariantCulture) / 100m).ToString("0.############", CultureInfo.InvariantCulture);

    private static string Days(string number, int factor) =>
        new StringBuilder().Append(int.Parse(number, CultureInfo.InvariantCulture) * factor).Append(" days").ToString();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)\s*%")]
    private static partial Regex Percent();

    [GeneratedRegex(@"\b(\d+)\s*weeks?\b")]
    private static partial Regex Weeks();

    [GeneratedRegex(@"\b(\d+)\s*days?\b")]
    private static partial Regex Day();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\s*([()\[\],]|[<>!=]=?)\s*")]
    private static partial Regex AroundSymbols();
}
