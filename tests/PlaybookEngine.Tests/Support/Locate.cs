namespace CrmSuite.PlaybookEngine.Tests.Support;

/// <summary>Finds the 1-based line and column of a snippet in a text, so expected positions follow the text a test builds.</summary>
internal static class Locate
{
    /// <summary>The position of the first character of <paramref name="snippet"/>, moved right by <paramref name="plus"/> columns.</summary>
    public static (int Line, int Column) Of(string text, string snippet, int plus = 0, int occurrence = 1)
    {
        var at = -1;
        for (var n = 0; n < occurrence; n++)
        {
            at = text.IndexOf(snippet, at + 1, StringComparison.Ordinal);
            if (at < 0)
            {
                throw new ArgumentException($"`{snippet}` occurs fewer than {occurrence} time(s).", nameof(snippet));
            }
        }

        at += plus;
        var line = 1 + text.AsSpan(0, at).Count('\n');
        var lineStart = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        if (at == 0)
        {
            lineStart = 0;
        }

        return (line, at - lineStart + 1);
    }
}
