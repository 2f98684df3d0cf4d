using CrmSuite.PlaybookEngine.Diagnostics;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// Finds the YAML front matter of a Markdown file with Markdig and loads it with YamlDotNet's representation model,
/// padded so that every node's mark is the real line and column in the file.
/// </summary>
internal static class FrontMatter
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    /// <summary>The front matter's root mapping, or null after reporting why there is none.</summary>
    public static YamlMappingNode? Load(string text, string path, DiagnosticBag diagnostics)
    {
        if (!text.StartsWith("---", StringComparison.Ordinal))
        {
            diagnostics.Error(path, 1, 1, OfferCodes.FrontMatter, "expected YAML front matter: the file must start with a line `---`");
            return null;
        }

        var document = Markdown.Parse(text, Pipeline);
        var block = document.Descendants<YamlFrontMatterBlock>().FirstOrDefault();
        if (block is null || !IsClosed(text, block))
        {
            diagnostics.Error(path, 1, 1, OfferCodes.FrontMatter, "front matter is not closed: add a line `---` after the last YAML line");
            return null;
        }

        var yaml = new System.Text.StringBuilder();
        var lines = block.Lines;
        if (lines.Count > 0)
        {
            yaml.Append('\n', lines.Lines[0].Line);
        }

        for (var i = 0; i < lines.Count; i++)
        {
            yaml.Append(lines.Lines[i].Slice.AsSpan()).Append('\n');
        }

        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(new StringReader(yaml.ToString())));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            diagnostics.Error(path, (int)ex.Start.Line, (int)ex.Start.Column, OfferCodes.YamlSyntax, $"invalid YAML: {Describe(ex)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some malformed input (e.g. an unclosed `[`); the last event read
            // is the closest position we know.
            var at = parser.LastEnd;
            diagnostics.Error(path, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column), OfferCodes.YamlSyntax,
                "invalid YAML after this point: check for an unclosed `[`, `{` or quote");
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            diagnostics.Error(path, block.Line + 1, 1, OfferCodes.YamlSyntax, "front matter must be a YAML mapping of `key: value` lines");
            return null;
        }

        return root;
    }

    /// <summary>The value of the front matter's <c>kind</c> key, or null when absent or not a front-matter file.</summary>
    public static string? PeekKind(string text)
    {
        var bag = new DiagnosticBag();
        var root = Load(text, "", bag);
        return root is not null && root.Children.TryGetValue(new YamlScalarNode("kind"), out var kind) && kind is YamlScalarNode scalar
            ? scalar.Value
            : null;
    }

    private static bool IsClosed(string text, YamlFrontMatterBlock block)
    {
        // Markdig runs an unclosed front matter to the end of the file; a closed one ends on its fence line.
        var end = Math.Min(block.Span.End, text.Length - 1);
        var lineStart = text.LastIndexOf('\n', end) + 1;
        var lastLine = text[lineStart..(end + 1)].TrimEnd('\r', '\n');
        return lastLine is "---" or "...";
    }

    private static string Describe(YamlException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        var paren = message.IndexOf("): ", StringComparison.Ordinal);
        return paren >= 0 && message.StartsWith('(') ? message[(paren + 3)..] : message;
    }

    /// <summary>Remembers where the last event ended, for errors the YAML library reports without a position.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public Mark LastEnd { get; private set; } = Mark.Empty;

        public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (inner.Current is { } current)
            {
                LastEnd = current.End;
            }

            return inner.MoveNext();
        }
    }
}
