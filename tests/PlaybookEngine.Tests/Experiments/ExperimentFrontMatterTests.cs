using CrmSuite.PlaybookEngine.Tests.Support;
using static CrmSuite.PlaybookEngine.Tests.Support.Validation;

namespace CrmSuite.PlaybookEngine.Tests.Experiments;

public sealed class ExperimentFrontMatterTests
{
    [Theory]
    [InlineData("10%", 1000)]
    [InlineData("2.5%", 250)]
    [InlineData("0%", 0)]
    [InlineData("50%", 5000)]
    public void A_holdout_share_from_0_to_50_percent_with_an_experiment_id_loads(string share, int basisPoints)
    {
        var text = PlaybookText.Valid().Field("holdout", share).Field("experiment", "test-play-2026").Build();

        var library = Load(text);

        Assert.Empty(library.Diagnostics);
        var experiment = library.Playbooks.Single().Experiment;
        Assert.Equal(("test-play-2026", basisPoints), (experiment!.Id, experiment.HoldoutBasisPoints));
    }

    [Fact]
    public void A_holdout_above_50_percent_is_PB070_at_its_value()
    {
        var text = PlaybookText.Valid().Field("holdout", "60%").Field("experiment", "exp-1").Build();

        var diagnostic = ExpectOnly(text, "PB070", Locate.Of(text, "60%"));
        Assert.Contains("at most 50%", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10", "did you mean `10%`?")]
    [InlineData("0.1", "did you mean `10%`?")]
    public void A_holdout_without_a_percent_sign_is_PB070_with_the_percentage_meant(string share, string hint)
    {
        var text = PlaybookText.Valid().Field("holdout", share).Field("experiment", "exp-1").Build();

        var diagnostic = ExpectOnly(text, "PB070", Locate.Of(text, "holdout: " + share, plus: 9));
        Assert.Contains(hint, diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ten%")]
    [InlineData("-5%")]
    [InlineData("12.345%")]
    public void A_holdout_that_is_not_a_percentage_with_at_most_two_decimals_is_PB070(string share)
    {
        var text = PlaybookText.Valid().Field("holdout", share).Field("experiment", "exp-1").Build();

        ExpectOnly(text, "PB070", Locate.Of(text, share));
    }

    [Fact]
    public void A_holdout_without_an_experiment_id_is_PB071_saying_what_to_add()
    {
        var text = PlaybookText.Valid().Field("holdout", "10%").Build();

        var diagnostic = ExpectOnly(text, "PB071", Locate.Of(text, "10%"));
        Assert.Contains("add e.g. `experiment:", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_experiment_id_that_is_not_lowercase_letters_digits_and_dashes_is_PB071_with_a_suggestion()
    {
        var text = PlaybookText.Valid().Field("holdout", "10%").Field("experiment", "Q1 Test").Build();

        var diagnostic = ExpectOnly(text, "PB071", Locate.Of(text, "Q1 Test"));
        Assert.Contains("did you mean `q1-test`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_holdout_field_is_PB007_with_a_suggestion()
    {
        var text = PlaybookText.Valid().Field("holdut", "10%").Field("experiment", "exp-1").Build();

        var diagnostic = ExpectOnly(text, "PB007", Locate.Of(text, "holdut"));
        Assert.Contains("did you mean `holdout`?", diagnostic.Message, StringComparison.Ordinal);
    }
}
