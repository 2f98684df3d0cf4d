using Ganss.Xss;
using Markdig;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// Renders a <see cref="Proposal"/> to a standalone HTML page: the Markdown rendering converted with Markdig, then
/// sanitized with HtmlSanitizer so nothing an account name or an offer text contains can run in a reader's browser.
/// </summary>
public static class ProposalHtmlRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();
    private static readonly HtmlSanitizer Sanitizer = new();

    /// <summary>The proposal as a sanitized HTML document.</summary>
    public static string Render(Proposal proposal) => Render(proposal, null);

    /// <summary>
    /// The proposal as a sanitized HTML document, opening with <paramref name="coverMessage"/> (a message variant's text,
    /// encoded as plain text: a template value never becomes markup) when there is one.
    /// </summary>
    public static string Render(Proposal proposal, string? coverMessage)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var cover = string.IsNullOrWhiteSpace(coverMessage) ? "" : $"<p class=\"cover-message\">{System.Net.WebUtility.HtmlEncode(coverMessage)}</p>\n";
        var body = cover + Sanitizer.Sanitize(Markdown.ToHtml(ProposalMarkdownRenderer.Render(proposal), Pipeline));
        var title = System.Net.WebUtility.HtmlEncode($"{proposal.Title} — {proposal.AccountName}");
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{title}}</title>
            <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;line-height:1.5} table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:.3rem .6rem}</style>
            </head>
            <body>
            {{body}}
            </body>
            </html>

            """;
    }
}
