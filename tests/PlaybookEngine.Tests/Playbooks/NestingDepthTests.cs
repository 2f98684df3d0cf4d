using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Playbooks;

public sealed class NestingDepthTests
{
    private const string Header = "---\nid: deep\ntitle: Deep\nversion: 1\nstatus: approved\nowner: tests\ncategory: upgrade\nstart: Watching\n---\n\n## Watching\n\n";

    [Fact]
    public void A_block_quote_200_levels_deep_is_PB008_at_its_line_not_a_parser_exception()
    {
        var text = Header + "Text.\n\n" + new string('>', 200) + " deep\n";

        var diagnostic = Assert.Single(Load(text));

        Assert.Equal("deep.md:15:33: error PB008: block quotes and lists nest more than 32 levels deep here; flatten them (the file is not read further)", diagnostic.ToString());
    }

    [Fact]
    public void A_list_3000_levels_deep_is_PB008_at_the_first_line_beyond_the_limit()
    {
        var list = string.Concat(Enumerable.Range(0, 3000).Select(i => new string(' ', 2 * i) + "- item\n"));

        var diagnostic = Assert.Single(Load(Header + list));

        Assert.Equal(("PB008", 13 + 32, 65), (diagnostic.Code, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Lists_and_quotes_a_few_levels_deep_are_read_as_usual()
    {
        var text = Header + "> quoted\n> - a\n>   - b\n>     - c\n\n### Transitions\n\n- when `churn_risk` -> Watching\n";

        Assert.DoesNotContain(Load(text), d => d.Code == "PB008");
    }

    private static IReadOnlyList<Diagnostic> Load(string text) =>
        PlaybookLibrary.Load([new SourceFile("deep.md", text)], SignalCatalog.Default, null).Diagnostics;
}
