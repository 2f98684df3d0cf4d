using System.Net;
using Ganss.Xss;
using Markdig;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Templates;

namespace CrmSuite.Connector.Web;

/// <summary>
/// Turns a playbook state's talk track and objection scripts into HTML for the work queue: Liquid templates rendered
/// with the account's values escaped for Markdown (a CRM value is always text), Markdown converted by Markdig with raw
/// HTML disabled, then sanitized by HtmlSanitizer (links such as <c>javascript:</c> are removed). Text nested deeper
/// than Markdig's depth limit is shown as plain text instead of failing the page.
/// </summary>
internal static class PlaybookScripts
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();
    private static readonly HtmlSanitizer Sanitizer = new();

    /// <summary>The talk track and objections of <paramref name="state"/>, or nothing when the playbook or state is unknown.</summary>
    /// <param name="context">The account's evaluation context; null renders the text without template values.</param>
    public static (string? TalkTrack, IReadOnlyList<ScriptView> Objections) Render(CompiledPlaybook? playbook, string state, EvaluationContext? context)
    {
        var definition = playbook?.Definition.FindState(state);
        if (playbook is null || definition is null)
        {
            return (null, []);
        }

        string Html(string markdown)
        {
            string text;
            try
            {
                text = context is { } c ? playbook.RenderMarkdown(markdown, state, in c) : markdown;
            }
            catch (TemplateLimitExceededException)
            {
                // Shown as written rather than failing the work queue; validate reports the template to its author.
                text = markdown;
            }

            return ToHtml(text);
        }

        var talkTrack = string.IsNullOrWhiteSpace(definition.TalkTrack) ? null : Html(definition.TalkTrack);
        var objections = definition.Objections.Select(o => new ScriptView(o.Topic, Html(o.Markdown))).ToList();
        return (talkTrack, objections);
    }

    /// <summary>Sanitized HTML of <paramref name="markdown"/>, or the text itself, encoded, when it is nested beyond Markdig's depth limit.</summary>
    public static string ToHtml(string markdown)
    {
        try
        {
            return Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));
        }
        catch (ArgumentException)
        {
            // Markdig refuses input nested too deeply ("depth limit exceeded"); the CSM still gets the words.
            return $"<p>{WebUtility.HtmlEncode(markdown)}</p>";
        }
    }
}
