using CrmSuite.PlaybookEngine.Signals;
using CrmSuite.PlaybookEngine.Templates;

namespace CrmSuite.PlaybookEngine.Tests.Templates;

/// <summary>A template's work is bounded: validate reports a loop too large to run, and a render stops at its limits.</summary>
public sealed class TemplateLimitsTests
{
    private static IReadOnlyList<PlaybookTemplates.Problem> Check(string text) => PlaybookTemplates.Check(text, SignalCatalog.Default);

    private static string Render(string text, int seats = 10) =>
        PlaybookTemplates.Render(text, new Dictionary<string, object?>
        {
            ["signals"] = new Dictionary<string, object?> { ["seats"] = seats },
            ["account"] = new Dictionary<string, object?> { ["name"] = "Acme" },
        });

    [Fact]
    public void Loop_over_a_huge_literal_range_is_reported_at_its_tag_by_validate()
    {
        var text = "Hello {% for i in (1..100000000) %}{{ i }}{% endfor %}";

        var problem = Assert.Single(Check(text));

        Assert.Equal(("PB042", 6), (problem.Code, problem.Index));
        Assert.Contains("100,000,000", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_loops_whose_iterations_multiply_past_the_limit_are_reported_at_the_inner_loop()
    {
        var text = "{% for i in (1..100) %}{% for j in (1..100) %}x{% endfor %}{% endfor %}";

        var problem = Assert.Single(Check(text));

        Assert.Equal(("PB042", text.IndexOf("{% for j", StringComparison.Ordinal)), (problem.Code, problem.Index));
    }

    [Theory]
    [InlineData("{% for i in (1..5) %}{{ i }}{% endfor %}")]
    [InlineData("{% for i in (1..1000) %}.{% endfor %}")]
    [InlineData("{% for i in (1..10) %}{% for j in (1..10) %}x{% endfor %}{% endfor %}{% for k in (1..900) %}y{% endfor %}")]
    public void Small_loops_pass_the_check(string text) => Assert.Empty(Check(text));

    [Fact]
    public void Small_loop_renders_as_written()
    {
        Assert.Equal("1,2,3,", Render("{% for i in (1..3) %}{{ i }},{% endfor %}"));
    }

    [Fact]
    public void Range_sized_by_an_account_value_stops_the_render_before_the_range_is_built()
    {
        var failure = Assert.Throws<TemplateLimitExceededException>(() => Render("{% for i in (1..signals.seats) %}{% endfor %}", seats: 100_000_000));

        Assert.Contains("at most 1000", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_doubles_in_a_loop_stops_the_render_at_the_text_limit()
    {
        var text = "{% assign s = 'xx' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}";

        var failure = Assert.Throws<TemplateLimitExceededException>(() => Render(text));

        Assert.Contains("characters", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replace_that_would_multiply_the_text_stops_before_building_it()
    {
        var text = "{% assign s = 'x' %}{% for i in (1..15) %}{% assign s = s | append: s %}{% endfor %}{{ s | replace: 'x', s }}";

        Assert.Throws<TemplateLimitExceededException>(() => Render(text));
    }

    [Fact]
    public void Capture_that_doubles_stops_the_render()
    {
        var text = "{% assign s = 'xx' %}{% for i in (1..40) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}";

        Assert.Throws<TemplateLimitExceededException>(() => Render(text));
    }

    [Fact]
    public void More_steps_than_the_limit_stop_the_render()
    {
        var text = "{% for i in (1..1000) %}{% for j in (1..1000) %}{% endfor %}{% endfor %}";

        Assert.Throws<TemplateLimitExceededException>(() => Render(text));
    }
}
