using CrmSuite.PlaybookEngine.Expressions;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Expressions;

/// <summary>
/// docs/playbook-format.md, "The condition language", **Types**: both sides of a comparison have one type, a value alone
/// is not a condition, the left side of `in` is a signal; each mistake is PB021 at the side that does not fit, or PB025
/// at the number.
/// </summary>
public sealed class ConditionTypeRulesTests
{
    private static ConditionProblem Problem(string text)
    {
        var (condition, problems) = ConditionCompiler.Compile(text, SignalCatalog.Default);
        Assert.Null(condition);
        return Assert.Single(problems);
    }

    [Theory]
    [InlineData("seat_utilization >= 2026-01-01", "seat_utilization (a percentage) with a date")]
    [InlineData("renewal_date <= 90%", "renewal_date (a date) with a percentage")]
    [InlineData("health == \"good\"", "health (a number) with text")]
    [InlineData("health == true", "health (a number) with true/false")]
    [InlineData("renewal_date <= 30", "renewal_date (a date) with a number")]
    [InlineData("churn_risk == 1", "churn_risk (true/false) with a number")]
    [InlineData("days_to_renewal <= 2026-01-01", "days_to_renewal (a duration in days) with a date")]
    [InlineData("tier == 3", "tier (one of free, starter, professional, enterprise) with a number")]
    public void A_type_mismatch_names_the_signal_and_the_kind_of_value_it_was_given(string condition, string sides)
    {
        var problem = Problem(condition);

        Assert.Equal("PB021", problem.Code);
        Assert.StartsWith($"type mismatch: cannot compare {sides}; expected ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_on_the_left_that_does_not_fit_the_signal_is_reported_at_the_value()
    {
        var problem = Problem("2026-01-01 <= seat_utilization");

        Assert.Equal(("PB021", 0), (problem.Code, problem.Index));
        Assert.StartsWith("type mismatch: cannot compare seat_utilization (a percentage) with a date", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90%", "a percentage", "seat_utilization >= 90%")]
    [InlineData("14 days", "a duration", "days_to_renewal <= 120 days")]
    [InlineData("5", "a number", "health >= 70")]
    public void A_value_alone_is_not_a_condition_and_the_message_shows_a_comparison(string condition, string kind, string example) =>
        Assert.Equal($"type mismatch: {kind} is not a true/false condition; compare it, e.g. `{example}`", Problem(condition).Message);

    [Fact]
    public void The_left_side_of_in_must_be_a_signal()
    {
        var problem = Problem("5 in [1, 2]");

        Assert.Equal(("PB021", 0, "the left side of `in` must be a signal"), (problem.Code, problem.Index, problem.Message));
    }

    [Theory]
    [InlineData("churn_risk > false")]
    [InlineData("true <= churn_risk")]
    public void True_or_false_values_compare_only_for_equality(string condition)
    {
        var problem = Problem(condition);

        Assert.Equal(("PB021", "type mismatch: true/false values can only be compared with == or !="), (problem.Code, problem.Message));
    }

    [Fact]
    public void A_comparison_is_not_a_value_to_compare()
    {
        var problem = Problem("(health > 5) == true");

        Assert.Equal(("PB021", 1, "type mismatch: a true/false condition cannot be compared; compare signals with values"), (problem.Code, problem.Index, problem.Message));
    }

    [Theory]
    [InlineData("seat_utilization >= -150", "-150")]
    [InlineData("seat_utilization >= - 150", "-150")]
    public void A_percent_threshold_mistake_is_reported_at_the_number_sign_included(string condition, string written)
    {
        var problem = Problem(condition);

        Assert.Equal(("PB025", 20), (problem.Code, problem.Index));
        Assert.StartsWith($"`{written}` compared with seat_utilization", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_item_of_the_wrong_kind_is_reported_at_the_item_and_the_others_are_still_checked()
    {
        var (condition, problems) = ConditionCompiler.Compile("days_to_renewal in [30 days, 50%, 2026-01-01]", SignalCatalog.Default);

        Assert.Null(condition);
        Assert.Equal([29, 34], problems.Select(p => p.Index));
        Assert.All(problems, p => Assert.StartsWith("type mismatch: the list for days_to_renewal (a duration in days) holds ", p.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("health => 40", 7, "=>", ">=")]
    [InlineData("health =< 40", 7, "=<", "<=")]
    [InlineData("health <> 40", 7, "<>", "!=")]
    [InlineData("churn_risk || in_trial", 11, "||", "or")]
    [InlineData("! churn_risk", 0, "!", "not")]
    [InlineData("health = 40", 7, "=", "==")]
    public void An_operator_from_another_language_is_reported_at_it_with_the_one_to_write(string condition, int index, string written, string meant)
    {
        var problem = Problem(condition);

        Assert.Equal(("PB022", index, $"`{written}` is not an operator of the condition language (did you mean `{meant}`?)"), (problem.Code, problem.Index, problem.Message));
    }

    [Fact]
    public void A_duration_shorthand_suggests_the_words()
    {
        var problem = Problem("days_to_renewal <= 2w");

        Assert.Equal(("PB023", 19), (problem.Code, problem.Index));
        Assert.Equal("bad duration `2w`: expected a number of `days` or `weeks` (did you mean `2 weeks`?)", problem.Message);
    }

    [Fact]
    public void A_unit_other_than_days_or_weeks_is_a_bad_duration_at_its_number()
    {
        var problem = Problem("days_to_renewal <= 3 months");

        Assert.Equal(("PB023", 19, "bad duration `3 months`: expected a number of `days` or `weeks`, e.g. `14 days`"), (problem.Code, problem.Index, problem.Message));
    }

    [Fact]
    public void A_spaced_duration_shorthand_suggests_the_words_too()
    {
        var problem = Problem("days_since_start >= 3 wks");

        Assert.Equal(
            ("PB023", 20, "bad duration `3 wks`: expected a number of `days` or `weeks`, e.g. `14 days` (did you mean `3 weeks`?)"),
            (problem.Code, problem.Index, problem.Message));
    }
}
