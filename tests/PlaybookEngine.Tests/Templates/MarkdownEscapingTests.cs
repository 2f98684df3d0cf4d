using CrmSuite.PlaybookEngine.Templates;
using Markdig;

namespace CrmSuite.PlaybookEngine.Tests.Templates;

/// <summary>Values written into playbook Markdown stay text (docs/playbook-format.md, "Templates").</summary>
public sealed class MarkdownEscapingTests
{
    private const string Phishing = "[Renew now](https://evil.example/phish)";

    private static string RenderMarkdown(string text, string name, string segment = "smb") =>
        PlaybookTemplates.RenderMarkdown(text, new Dictionary<string, object?>
        {
            ["account"] = new Dictionary<string, object?> { ["name"] = name, ["segment"] = segment },
        });

    private static string Html(string markdown) => Markdown.ToHtml(markdown, new MarkdownPipelineBuilder().DisableHtml().Build());

    [Fact]
    public void An_account_name_written_as_a_link_renders_as_literal_text()
    {
        var markdown = RenderMarkdown("Hello **{{ account.name }}**", Phishing);

        Assert.Equal(@"Hello **\[Renew now\]\(https\:\/\/evil\.example\/phish\)**", markdown);
        Assert.Equal($"<p>Hello <strong>{Phishing}</strong></p>", Html(markdown).Trim());
    }

    [Theory]
    [InlineData("{{ account.name | upcase }}")]
    [InlineData("{{ account.name | raw }}")]
    [InlineData("{{ account.name | append: '!' | raw }}")]
    [InlineData("{% cycle account.name %}")]
    [InlineData("{% capture n %}{{ account.name }}{% endcapture %}{{ n }}")]
    [InlineData("{% assign n = account.name %}{{ n }}")]
    public void Filters_raw_cycle_capture_and_assign_cannot_make_a_value_markup(string template)
    {
        var html = Html(RenderMarkdown(template, "*a* [b](http://c) <i>d</i> `e`"));

        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<em>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(@"\", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_cannot_start_a_new_block()
    {
        var markdown = RenderMarkdown("Hi {{ account.name }}", "Acme\n\n# Pay now\n- a");

        Assert.Equal("<p>Hi Acme  # Pay now - a</p>", Html(markdown).Trim());
    }

    [Fact]
    public void Conditions_compare_the_value_as_it_is_in_the_crm()
    {
        var markdown = RenderMarkdown("{% if account.segment == 'mid-market' %}Mid-market: {{ account.segment }}{% endif %}", "Acme", "mid-market");

        Assert.Equal(@"Mid-market: mid\-market", markdown);
    }

    [Fact]
    public void The_playbook_s_own_markdown_around_the_values_stays_markdown()
    {
        var html = Html(RenderMarkdown("## Call\n\n- ask about *training* for {{ account.name }}", "O'Brien & Sons_"));

        Assert.Contains("<h2>Call</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<em>training</em> for O'Brien &amp; Sons_</li>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_templates_such_as_task_subjects_are_not_escaped()
    {
        var subject = PlaybookTemplates.Render("Call {{ account.name }}", new Dictionary<string, object?>
        {
            ["account"] = new Dictionary<string, object?> { ["name"] = Phishing },
        });

        Assert.Equal($"Call {Phishing}", subject);
    }
}
