using System.Text;

namespace CrmSuite.PlaybookEngine.Templates;

/// <summary>
/// Text that must stay text inside Markdown: every ASCII punctuation character is backslash-escaped (CommonMark lets any of
/// them be escaped, and an escaped one is never markup), and line breaks become spaces so a value cannot start a new block.
/// </summary>
internal static class MarkdownText
{
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + (text.Length / 4));
        foreach (var c in text)
        {
            if (c is '\r' or '\n' or '\t')
            {
                escaped.Append(' ');
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c) || c is ' ' || c > '~' || c < '!')
            {
                escaped.Append(c);
                continue;
            }

            escaped.Append('\\').Append(c);
        }

        return escaped.ToString();
    }
}
