namespace CrmSuite.PlaybookEngine.Text;

/// <summary>
/// Finds Markdown nested deeper than any playbook needs, before Markdig reads it: Markdig takes minutes over a list
/// thousands of levels deep and throws on a block quote hundreds deep. The scan is one pass over the text, and counts
/// block-quote markers plus open list items by their indentation, which is how CommonMark nests them.
/// </summary>
internal static class NestingDepth
{
    /// <summary>The deepest nesting of block quotes and lists read; real playbooks use three or four levels.</summary>
    public const int Limit = 32;

    /// <summary>The 1-based line and column where nesting first goes beyond <see cref="Limit"/>, or null.</summary>
    public static (int Line, int Column)? FirstTooDeep(string text)
    {
        // Content columns of the open list items, innermost last.
        var items = new Stack<int>();
        var line = 1;
        for (var start = 0; start < text.Length; line++)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            var (depth, column) = Measure(text, start, end, items);
            if (depth > Limit)
            {
                return (line, column);
            }

            start = end + 1;
        }

        return null;
    }

    private static (int Depth, int Column) Measure(string text, int start, int end, Stack<int> items)
    {
        var i = start;
        var quotes = 0;
        while (true)
        {
            var indent = Spaces(text, i, end);
            if (indent <= 3 && i + indent < end && text[i + indent] == '>')
            {
                quotes++;
                i += indent + 1;
                if (quotes > Limit)
                {
                    return (quotes, i - start);
                }

                continue;
            }

            break;
        }

        var lead = Spaces(text, i, end);
        var at = i + lead;
        if (at >= end)
        {
            return (quotes + items.Count, 1); // a blank line leaves the open items open
        }

        var column = at - start;
        while (items.Count > 0 && items.Peek() > column)
        {
            items.Pop();
        }

        if (MarkerLength(text, at, end) is { } marker)
        {
            items.Push(column + marker + 1);
        }

        return (quotes + items.Count, column + 1);
    }

    private static int Spaces(string text, int from, int end)
    {
        var i = from;
        while (i < end && text[i] == ' ')
        {
            i++;
        }

        return i - from;
    }

    /// <summary>The length of a list marker (<c>-</c>, <c>*</c>, <c>+</c>, <c>1.</c>, <c>1)</c>) followed by a space, or null.</summary>
    private static int? MarkerLength(string text, int at, int end)
    {
        if (text[at] is '-' or '*' or '+')
        {
            return at + 1 < end && text[at + 1] == ' ' ? 1 : null;
        }

        var digits = 0;
        while (at + digits < end && digits < 10 && char.IsAsciiDigit(text[at + digits]))
        {
            digits++;
        }

        return digits > 0 && at + digits + 1 < end && text[at + digits] is '.' or ')' && text[at + digits + 1] == ' ' ? digits + 1 : null;
    }
}
