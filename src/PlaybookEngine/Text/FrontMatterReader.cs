using System.Diagnostics.CodeAnalysis;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace CrmSuite.PlaybookEngine.Text;

/// <summary>
/// Finds the YAML front matter of a Markdown file (a playbook, a price book, an offers file) with Markdig's front-matter
/// extension and loads it with YamlDotNet's representation model.
/// </summary>
internal static class FrontMatterReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    /// <summary>Parses <paramref name="text"/> as Markdown and loads its front matter.</summary>
    public static bool TryRead(
        string text, string path, [NotNullWhen(true)] out FrontMatter? frontMatter, [NotNullWhen(false)] out FrontMatterError? error) =>
        TryRead(text, path, Markdown.Parse(FrontPart(text), Pipeline), out frontMatter, out error);

    /// <summary>
    /// The text up to its closing front-matter fence: the body is prose the front matter does not depend on, and may nest
    /// too deeply for Markdig (a playbook's parser reports that at its line).
    /// </summary>
    private static string FrontPart(string text)
    {
        if (!text.StartsWith("---", StringComparison.Ordinal))
        {
            return text;
        }

        for (var start = text.IndexOf('\n', StringComparison.Ordinal); start >= 0 && start + 1 < text.Length;)
        {
            var end = text.IndexOf('\n', start + 1);
            var line = end < 0 ? text[(start + 1)..] : text[(start + 1)..end];
            if (line.TrimEnd() is "---" or "...")
            {
                return end < 0 ? text : text[..(end + 1)];
            }

            start = end;
        }

        return text;
    }

    /// <summary>Loads the front matter of <paramref name="document"/>, a parse of <paramref name="text"/> with the YAML front-matter extension.</summary>
    public static bool TryRead(
        string text, string path, MarkdownDocument document, [NotNullWhen(true)] out FrontMatter? frontMatter, [NotNullWhen(false)] out FrontMatterError? error)
    {
        frontMatter = null;
        var fileStart = new SourcePosition(path, 1, 1);
        if (!text.StartsWith("---", StringComparison.Ordinal))
        {
            error = new FrontMatterError(FrontMatterProblem.Missing, fileStart, 1);
            return false;
        }

        // Markdig makes a front-matter block only once the closing fence is there.
        if (document.OfType<YamlFrontMatterBlock>().FirstOrDefault() is not { } block)
        {
            error = new FrontMatterError(FrontMatterProblem.NotClosed, fileStart, 1);
            return false;
        }

        var firstLine = block.Line + 2;
        // An empty front matter (`---` right after `---`) has no line array at all.
        var yaml = block.Lines.Count == 0 ? "" : string.Join('\n', block.Lines.Lines.Take(block.Lines.Count).Select(l => l.Slice.ToString()));
        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            stream.Load(parser);
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException && IndentingTab(yaml) is { } tab)
        {
            error = new FrontMatterError(FrontMatterProblem.Tab, new SourcePosition(path, firstLine + tab.Line, tab.Column + 1), firstLine);
            return false;
        }
        catch (YamlException ex)
        {
            error = new FrontMatterError(FrontMatterProblem.InvalidYaml, FrontMatter.Locate(ex.Start, path, firstLine), firstLine, ex);
            return false;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this instead of a YamlException when the YAML ends inside a flow collection
            // (e.g. `title: [Test`): the end of the last event read is the closest position known.
            var at = FrontMatter.Locate(parser.LastEnd, path, firstLine);
            error = new FrontMatterError(FrontMatterProblem.Unfinished, at with { Line = Math.Max(1, at.Line), Column = Math.Max(1, at.Column) }, firstLine);
            return false;
        }
        catch (ArgumentException)
        {
            // YamlDotNet's representation model throws this for an event it cannot place, e.g. `tags: [a, b] *x`.
            error = new FrontMatterError(FrontMatterProblem.Misplaced, fileStart with { Line = firstLine }, firstLine);
            return false;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            error = new FrontMatterError(FrontMatterProblem.NotMapping, fileStart with { Line = block.Line + 1 }, firstLine);
            return false;
        }

        frontMatter = new FrontMatter(root, path, firstLine);
        error = null;
        return true;
    }

    /// <summary>The 0-based line and column of the first tab in a line's indentation, or null when no line is indented with one.</summary>
    private static (int Line, int Column)? IndentingTab(string yaml)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', 0, indent);
            if (tab >= 0)
            {
                return (i, tab);
            }
        }

        return null;
    }

    /// <summary>The front matter's <c>kind</c> value, or null when the file has no loadable front matter or no kind.</summary>
    public static string? PeekKind(string text) =>
        TryRead(text, "", out var frontMatter, out _)
        && frontMatter.Root.Children.TryGetValue(new YamlScalarNode("kind"), out var kind) && kind is YamlScalarNode scalar
            ? scalar.Value
            : null;

    /// <summary>Remembers where the last event ended, for errors the YAML library reports without a position.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public Mark LastEnd { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

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
