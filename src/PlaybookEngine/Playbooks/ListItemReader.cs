using CrmSuite.PlaybookEngine.Text;
using Markdig.Syntax;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>Reads list items of a section: the first line of each item, and its nested `key: value` lines.</summary>
internal sealed class ListItemReader(string source, LineMap lines)
{
    public sealed record Item(string Text, int Offset, SourcePosition Position, IReadOnlyList<Property> Properties);

    public sealed record Property(string Key, string Value, SourcePosition Position, SourcePosition ValuePosition);

    /// <summary>The items of every list in the section; other blocks are returned as strays for an error.</summary>
    public (List<Item> Items, List<Block> Strays) Read(StateSection section)
    {
        var items = new List<Item>();
        var strays = new List<Block>();
        foreach (var block in section.Blocks)
        {
            if (block is not ListBlock list)
            {
                strays.Add(block);
                continue;
            }

            foreach (var child in list)
            {
                if (child is ListItemBlock item && item.Count > 0 && item[0] is ParagraphBlock paragraph)
                {
                    items.Add(new Item(FirstLine(paragraph.Span.Start), paragraph.Span.Start, lines.At(paragraph.Span.Start), Properties(item)));
                }
                else if (child is ListItemBlock empty)
                {
                    strays.Add(empty);
                }
            }
        }

        return (items, strays);
    }

    private List<Property> Properties(ListItemBlock item)
    {
        var result = new List<Property>();
        foreach (var nested in item.OfType<ListBlock>().SelectMany(l => l.OfType<ListItemBlock>()))
        {
            if (nested.Count == 0 || nested[0] is not ParagraphBlock paragraph)
            {
                continue;
            }

            var text = FirstLine(paragraph.Span.Start);
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var position = lines.At(paragraph.Span.Start);
            if (colon <= 0)
            {
                result.Add(new Property("", text, position, position));
                continue;
            }

            var valueStart = colon + 1;
            while (valueStart < text.Length && text[valueStart] == ' ')
            {
                valueStart++;
            }

            result.Add(new Property(text[..colon].Trim().ToLowerInvariant(), text[valueStart..].Trim(), position, position.Offset(valueStart)));
        }

        return result;
    }

    private string FirstLine(int start)
    {
        var end = source.IndexOf('\n', start);
        return (end < 0 ? source[start..] : source[start..end]).TrimEnd('\r', ' ');
    }
}
