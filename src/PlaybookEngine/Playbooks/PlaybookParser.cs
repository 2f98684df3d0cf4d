using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Signals;
using CrmSuite.PlaybookEngine.Text;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>
/// Reads a playbook file (Markdown with YAML front matter) into a <see cref="PlaybookDefinition"/>.
/// Reports every problem it can find in one pass; graph and expression checks follow in <see cref="PlaybookValidator"/>.
/// </summary>
internal static partial class PlaybookParser
{
    // Precise source locations: without them inline spans (raw HTML tags inside a paragraph) all start at 0.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().UsePreciseSourceLocation().Build();

    public static PlaybookDefinition? Parse(string text, string path, SignalCatalog catalog, DiagnosticBag diagnostics)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (NestingDepth.FirstTooDeep(text) is { } deep)
        {
            diagnostics.Error(path, deep.Line, deep.Column, "PB008",
                $"block quotes and lists nest more than {NestingDepth.Limit} levels deep here; flatten them (the file is not read further)");
            return null;
        }

        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(text, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig's own depth limit (e.g. emphasis or links nested hundreds deep inside one paragraph).
            diagnostics.Error(path, 1, 1, "PB008", "the Markdown nests too deeply for the parser (emphasis, links or quotes hundreds of levels deep); flatten it");
            return null;
        }

        var lines = new LineMap(text, path);
        if (!FrontMatterReader.TryRead(text, path, document, out var frontMatter, out var error))
        {
            Report(error, diagnostics);
            return null;
        }

        var header = PlaybookHeaderReader.Read(new YamlFields(frontMatter, diagnostics), catalog);
        if (header.Kind is not null && header.Kind != "playbook")
        {
            diagnostics.Error(path, 1, 1, "PB004", $"field `kind` is `{header.Kind}`; a playbook has `kind: playbook` or no kind");
            return null;
        }

        ReportRawHtml(document, lines, diagnostics);
        var (description, rawStates) = CollectStates(document, text, path, lines, diagnostics);
        var reader = new StateReader(text, lines, diagnostics);
        var states = rawStates.Select(reader.Read).ToImmutableArray();

        // Missing or invalid header fields are already reported; placeholders let the body still be checked,
        // so an author sees every problem of the file at once.
        return new PlaybookDefinition(path, header.Id ?? "?", header.IdPosition, header.Title ?? "?", header.Version ?? 1,
            header.Status ?? PlaybookStatus.Draft, header.Owner ?? "?", header.Category ?? PlaybookCategory.Adoption, header.Priority,
            header.Start ?? "", header.StartPosition, header.AppliesTo, header.Guardrails, header.Preempts, description, states)
        {
            Experiment = header.Experiment,
        };
    }

    private static void Report(FrontMatterError error, DiagnosticBag diagnostics)
    {
        var firstLine = error.At with { Line = error.FirstLine, Column = 1 };
        switch (error.Problem)
        {
            case FrontMatterProblem.Missing:
                diagnostics.Error(error.At, "PB001", "missing front matter: a playbook starts with a `---` line, YAML fields (id, title, version, …), and a closing `---`");
                break;
            case FrontMatterProblem.NotClosed:
                diagnostics.Error(error.At, "PB001", "front matter is not closed: add a line `---` after the YAML fields");
                break;
            case FrontMatterProblem.InvalidYaml:
                diagnostics.Error(error.At, "PB002", $"front matter is not valid YAML: {error.Exception!.Message}");
                break;
            case FrontMatterProblem.Unfinished:
                // No position from YamlDotNet: report it at the front matter's start.
                diagnostics.Error(firstLine, "PB002", "front matter is not valid YAML: it ends inside a `[…]` or `{…}` list; close the bracket");
                break;
            case FrontMatterProblem.Tab:
                diagnostics.Error(error.At, "PB002", "front matter is not valid YAML: this line is indented with a tab; YAML indents with spaces only");
                break;
            case FrontMatterProblem.Misplaced:
                diagnostics.Error(error.At, "PB002", "front matter is not valid YAML: a value is followed by more on its line, e.g. `[a, b] *x`; remove what follows it");
                break;
            default:
                diagnostics.Error(firstLine, "PB002", "front matter must be `name: value` lines (a YAML mapping)");
                break;
        }
    }

    private static (string Description, List<RawState> States) CollectStates(
        MarkdownDocument document, string text, string path, LineMap lines, DiagnosticBag diagnostics)
    {
        var states = new List<RawState>();
        var description = new StateSection("", new SourcePosition(path, 1, 1));
        foreach (var block in document)
        {
            if (block is YamlFrontMatterBlock)
            {
                continue;
            }

            var position = lines.At(block.Span.Start);
            if (block is HeadingBlock { Level: 1 })
            {
                continue;
            }

            if (block is HeadingBlock { Level: 2 } heading)
            {
                var title = HeadingText(heading, text);
                if (StateReader.IsSectionTitle(title))
                {
                    diagnostics.Error(position, "PB016", $"`## {title}` is a section of a state, not a state: write it `### {title}` under its state's `##` heading");
                    (states.Count > 0 ? states[^1].Current : description).Blocks.Add(block);
                    continue;
                }

                var match = StateHeading().Match(title);
                if (!match.Success)
                {
                    diagnostics.Error(position, "PB016",
                        $"state heading `{title}` must be one word (letters, digits, _), optionally followed by `(final)`");
                    states.Add(new RawState(title, false, position));
                    continue;
                }

                states.Add(new RawState(match.Groups[1].Value, match.Groups[2].Success, position.Offset(3)));
                continue;
            }

            if (block is HeadingBlock { Level: 3 } section)
            {
                if (states.Count > 0)
                {
                    states[^1].Sections.Add(new StateSection(HeadingText(section, text), position));
                    continue;
                }

                diagnostics.Error(position, "PB019",
                    $"section `{HeadingText(section, text)}` comes before the first state, so it belongs to no state and is ignored; move it under its state's `## StateName` heading");
            }

            (states.Count > 0 ? states[^1].Current : description).Blocks.Add(block);
        }

        return (description.Markdown(text), states);
    }

    private static void ReportRawHtml(MarkdownDocument document, LineMap lines, DiagnosticBag diagnostics)
    {
        var html = document.Descendants<HtmlBlock>().Select(b => b.Span.Start)
            .Concat(document.Descendants<HtmlInline>().Select(i => i.Span.Start));
        foreach (var start in html.Distinct().Order())
        {
            var at = lines.At(start);
            diagnostics.Warning(at, "PB051", "raw HTML is not allowed in a playbook and is dropped from every output; use Markdown");
        }
    }

    private static string HeadingText(HeadingBlock heading, string text) =>
        text[heading.Span.Start..(heading.Span.End + 1)].TrimStart('#').Trim();

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9_]*)\s*(\(final\))?$", RegexOptions.IgnoreCase)]
    private static partial Regex StateHeading();
}
