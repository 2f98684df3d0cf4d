using CrmSuite.Connector.Web;

namespace CrmSuite.Connector.Tests.Web;

public sealed class PlaybookScriptsTests
{
    [Theory]
    [InlineData(1_000, "> ")]
    [InlineData(3_000, "- ")]
    public void Markdown_nested_beyond_markdig_s_depth_limit_is_shown_as_text_instead_of_failing(int depth, string marker)
    {
        var markdown = string.Concat(Enumerable.Repeat(marker, depth)) + "<b>deep</b>";

        var html = PlaybookScripts.ToHtml(markdown);

        Assert.StartsWith("<p>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;deep&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<blockquote>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_markdown_is_converted_and_sanitized()
    {
        var html = PlaybookScripts.ToHtml("**Hi** [docs](javascript:alert(1))");

        Assert.Contains("<strong>Hi</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
    }
}
