using System.Globalization;
using System.Text.RegularExpressions;

namespace CrmSuite.PlaybookEngine.Templates;

/// <summary>
/// Finds loops over literal ranges that would go beyond <see cref="TemplateLimits"/>: one range of more than
/// <see cref="TemplateLimits.MaxLoopItems"/> items, or nested loops whose iterations multiply past that. Reported by
/// validate (PB042) at the loop's tag, so such a template never reaches a sync.
/// </summary>
internal static partial class LoopSizes
{
    public static IEnumerable<PlaybookTemplates.Problem> Check(string text)
    {
        // Iterations of the enclosing loops; a loop over anything but a literal range counts once (its size is not known here).
        var enclosing = new Stack<long>();
        foreach (Match tag in LoopTag().Matches(text))
        {
            if (tag.Groups["end"].Success)
            {
                enclosing.TryPop(out _);
                continue;
            }

            var items = Items(tag);
            var total = items * enclosing.Aggregate(1L, (product, n) => Math.Min(product * n, long.MaxValue / 2));
            enclosing.Push(items);
            if (items > TemplateLimits.MaxLoopItems)
            {
                yield return new PlaybookTemplates.Problem(tag.Index, "PB042",
                    $"this loop runs over {items.ToString("N0", CultureInfo.InvariantCulture)} items; a template may loop over at most {TemplateLimits.MaxLoopItems}");
            }
            else if (total > TemplateLimits.MaxLoopItems)
            {
                yield return new PlaybookTemplates.Problem(tag.Index, "PB042",
                    $"nested loops run {total.ToString("N0", CultureInfo.InvariantCulture)} times in all; a template may loop at most {TemplateLimits.MaxLoopItems} times");
            }
        }
    }

    private static long Items(Match tag)
    {
        if (!tag.Groups["from"].Success
            || !long.TryParse(tag.Groups["from"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var from)
            || !long.TryParse(tag.Groups["to"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var to))
        {
            return tag.Groups["to"].Success ? long.MaxValue / 2 : 1;
        }

        return Math.Max(0, to - from + 1);
    }

    [GeneratedRegex(@"\{%-?\s*(?:(?<end>endfor)\b|(?:for|tablerow)\s+\w+\s+in\s+(?:\(\s*(?<from>-?\d+)\s*\.\.\s*(?<to>-?\d+)\s*\))?)[^%]*%\}")]
    private static partial Regex LoopTag();
}
