using CrmSuite.PlaybookEngine.Signals;
using CrmSuite.PlaybookEngine.Templates;

namespace CrmSuite.PlaybookEngine.Tests.Templates;

public sealed class PlaybookTemplatesTests
{
    private static IReadOnlyList<PlaybookTemplates.Problem> Check(string text) => PlaybookTemplates.Check(text, SignalCatalog.Default);

    private static string Render(string text, object? value) =>
        PlaybookTemplates.Render(text, new Dictionary<string, object?>
        {
            ["signals"] = new Dictionary<string, object?> { ["value"] = value },
            ["account"] = new Dictionary<string, object?> { ["name"] = "Acme" },
        });

    [Theory]
    [InlineData("{{ account.name }}")]
    [InlineData("{{ signals.seat_utilization | percent }} of {{ account.seats }} seats")]
    [InlineData("{{ signals.days_to_renewal | days }}")]
    [InlineData("{{ signals.mrr | money: 'EUR' }}")]
    [InlineData("{{ playbook.title }} v{{ playbook.version }} in {{ state.name }}")]
    [InlineData("{{ account.name | upcase }}")]
    [InlineData("{% assign who = account.csm %}{{ who }}")]
    [InlineData("{% if signals.churn_risk %}careful{% endif %}")]
    [InlineData("No template here")]
    public void Known_variables_and_filters_pass_the_check(string text) => Assert.Empty(Check(text));

    [Fact]
    public void Unknown_root_variable_is_reported_at_its_index_with_a_suggestion()
    {
        var problem = Assert.Single(Check("Hi {{ acount.name }}"));

        Assert.Equal(("PB040", 6), (problem.Code, problem.Index));
        Assert.Contains("did you mean `account`?", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_signal_is_reported_at_the_member_path()
    {
        var problem = Assert.Single(Check("{{ signals.seat_utilisation | percent }}"));

        Assert.Equal(("PB040", 3), (problem.Code, problem.Index));
        Assert.Contains("did you mean `seat_utilization`?", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_filter_is_reported_at_its_name()
    {
        var problem = Assert.Single(Check("{{ account.mrr | dollars }}"));

        Assert.Equal(("PB040", 17), (problem.Code, problem.Index));
    }

    [Fact]
    public void Unclosed_output_tag_is_a_syntax_error_at_the_first_brace()
    {
        var problem = Assert.Single(Check("Hello {{ account.name"));

        Assert.Equal(("PB041", 6), (problem.Code, problem.Index));
    }

    [Theory]
    [InlineData("{{ signals.value | percent }}", 0.923, "92%")]
    [InlineData("{{ signals.value | percent }}", null, "n/a")]
    [InlineData("{{ signals.value | days }}", 14.0, "14 days")]
    [InlineData("{{ signals.value | days }}", null, "n/a")]
    [InlineData("{{ signals.value | money }}", 1234.5, "1,234.50")]
    [InlineData("{{ signals.value | money: 'EUR' }}", 99.0, "EUR 99.00")]
    public void Filters_format_numbers_for_people(string template, object? value, string expected) =>
        Assert.Equal(expected, Render(template, value));

    [Fact]
    public void Render_fills_variables_and_leaves_plain_text_alone()
    {
        Assert.Equal("Check in with Acme", Render("Check in with {{ account.name }}", null));
        Assert.Equal("Plain {text}", Render("Plain {text}", null));
    }
}
