using Ganss.Xss;

namespace CrmSuite.Connector.Web;

/// <summary>
/// A proposal's document as the work queue shows it inside its own page: the HTML stored in the CRM (written by the
/// connector, but a CRM user can edit it) sanitized by HtmlSanitizer — no script, no event handler, no link to
/// <c>javascript:</c> — and without inline style (a <c>style</c> element or attribute), which the page's
/// Content-Security-Policy would refuse anyway, each refusal an error in the browser's console.
/// </summary>
internal static class ProposalDocuments
{
    private static readonly HtmlSanitizer Sanitizer = Create();

    public static string? ForPage(string? html) => html is null ? null : Sanitizer.Sanitize(html);

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("style");
        return sanitizer;
    }
}
