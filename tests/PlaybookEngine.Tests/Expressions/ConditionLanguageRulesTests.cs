using CrmSuite.PlaybookEngine.Expressions;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Expressions;

/// <summary>docs/playbook-format.md, "The condition language": the rules and the messages its error table states.</summary>
public sealed class ConditionLanguageRulesTests
{
    private static bool Test(string text, params (int Ordinal, double Value)[] values)
    {
        var (condition, problems) = ConditionCompiler.Compile(text, SignalCatalog.Default);
        Assert.Empty(problems);
        var signals = SignalVector.Empty();
        foreach (var (ordinal, value) in values)
        {
            signals[ordinal] = value;
        }

        return condition!.Test(in signals);
    }

    private static IReadOnlyList<ConditionProblem> Problems(string text)
    {
        var (condition, problems) = ConditionCompiler.Compile(text, SignalCatalog.Default);
        Assert.Null(condition);
        return problems;
    }

    private static ConditionProblem Problem(string text) => Assert.Single(Problems(text));

    [Theory]
    [InlineData("50 < health", 51, true)]
    [InlineData("50 < health", 50, false)]
    [InlineData("50 <= health", 50, true)]
    [InlineData("50 <= health", 49, false)]
    [InlineData("50 > health", 49, true)]
    [InlineData("50 > health", 50, false)]
    [InlineData("50 >= health", 50, true)]
    [InlineData("50 >= health", 51, false)]
    [InlineData("50 == health", 50, true)]
    [InlineData("50 != health", 50, false)]
    [InlineData("50 != health", 49, true)]
    public void A_value_on_the_left_reads_as_the_same_comparison_turned_around(string condition, double health, bool expected) =>
        Assert.Equal(expected, Test(condition, (SignalOrdinals.Health, health)));

    [Theory]
    [InlineData("seats_used > seats", 11, 10, true)]
    [InlineData("seats_used > seats", 10, 10, false)]
    [InlineData("seats_used >= seats", 9, 10, false)]
    [InlineData("seats_used < seats", 9, 10, true)]
    [InlineData("seats_used < seats", 10, 10, false)]
    [InlineData("seats_used <= seats", 10, 10, true)]
    [InlineData("seats_used <= seats", 11, 10, false)]
    [InlineData("seats_used == seats", 10, 10, true)]
    [InlineData("seats_used == seats", 9, 10, false)]
    [InlineData("seats_used != seats", 9, 10, true)]
    [InlineData("seats_used != seats", 10, 10, false)]
    public void Two_signals_compare_with_every_operator(string condition, double used, double seats, bool expected) =>
        Assert.Equal(expected, Test(condition, (SignalOrdinals.SeatsUsed, used), (SignalOrdinals.Seats, seats)));

    [Theory]
    [InlineData("seats_used != seats")]
    [InlineData("seats_used < seats")]
    public void A_comparison_of_two_signals_is_false_when_either_is_missing(string condition)
    {
        Assert.False(Test(condition, (SignalOrdinals.SeatsUsed, 10)));
        Assert.False(Test(condition, (SignalOrdinals.Seats, 10)));
    }

    [Theory]
    [InlineData("health != 50")]
    [InlineData("health > 50")]
    [InlineData("health < 50")]
    [InlineData("health <= 50")]
    public void A_missing_signal_compared_with_a_value_is_false_for_every_operator(string condition) =>
        Assert.False(Test(condition));

    [Theory]
    [InlineData("days_to_renewal in [30 days, 60]", 60, true)]
    [InlineData("days_to_renewal in [30 days, 60]", 45, false)]
    [InlineData("days_to_renewal in [2 weeks]", 14, true)]
    public void A_list_for_a_duration_takes_days_weeks_and_bare_numbers_as_days(string condition, double days, bool expected) =>
        Assert.Equal(expected, Test(condition, (SignalOrdinals.DaysToRenewal, days)));

    [Fact]
    public void A_negative_percent_is_a_negative_fraction()
    {
        Assert.True(Test("usage_growth_30d >= -5%", (SignalOrdinals.UsageGrowth30d, -0.04)));
        Assert.False(Test("usage_growth_30d >= -5%", (SignalOrdinals.UsageGrowth30d, -0.06)));
    }

    [Fact]
    public void A_type_mismatch_names_both_sides_and_what_was_expected()
    {
        Assert.Equal(
            "type mismatch: cannot compare seat_utilization (a percentage) with a duration; expected a percentage, e.g. `90%` or `0.9`",
            Problem("seat_utilization >= 14 days").Message);
    }

    [Theory]
    [InlineData("health >= 14 days", "a number, e.g. `10`")]
    [InlineData("days_to_renewal <= 50%", "a duration, e.g. `30 days`")]
    [InlineData("renewal_date <= 30", "a date, e.g. `2026-12-31`")]
    [InlineData("tier == 3", "one of free, starter, professional, enterprise")]
    [InlineData("churn_risk == 1", "`true` or `false`")]
    public void A_type_mismatch_says_what_the_signal_takes(string condition, string expected) =>
        Assert.EndsWith($"expected {expected}", Problem(condition).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("health", "type mismatch: health (a number) is not a true/false condition; compare it, e.g. `health >= 70`")]
    [InlineData("seat_utilization", "type mismatch: seat_utilization (a percentage) is not a true/false condition; compare it, e.g. `seat_utilization >= 90%`")]
    [InlineData("days_to_renewal", "type mismatch: days_to_renewal (a duration in days) is not a true/false condition; compare it, e.g. `days_to_renewal <= 120 days`")]
    [InlineData("tier", "type mismatch: tier (one of free, starter, professional, enterprise) is not a true/false condition; compare it, e.g. `tier == free`")]
    public void A_signal_that_is_not_true_or_false_alone_is_reported_with_an_example_comparison(string condition, string message) =>
        Assert.Equal(message, Problem(condition).Message);

    [Fact]
    public void Two_enum_signals_of_different_kinds_do_not_compare()
    {
        var problem = Problem("tier == segment");

        Assert.Equal("PB021", problem.Code);
    }

    [Fact]
    public void A_list_item_that_is_a_signal_is_a_type_mismatch_at_the_item()
    {
        var problem = Problem("tier in [starter, segment]");

        Assert.Equal(("PB021", 18), (problem.Code, problem.Index));
        Assert.StartsWith("type mismatch: the list for tier (one of free, starter, professional, enterprise) holds", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_date_that_is_not_on_the_calendar_is_reported_with_the_expected_form()
    {
        var problem = Problem("renewal_date <= 2026-02-30");

        Assert.Equal(("PB021", 16, "`2026-02-30` is not a calendar date; expected yyyy-MM-dd"), (problem.Code, problem.Index, problem.Message));
    }

    [Fact]
    public void An_unknown_signal_message_suggests_the_closest_name()
    {
        Assert.Equal("unknown signal `seat_utilisation` (did you mean `seat_utilization`?)", Problem("seat_utilisation >= 90%").Message);
    }

    [Fact]
    public void An_unknown_enum_value_message_lists_the_values_and_suggests_the_closest()
    {
        Assert.Equal(
            "unknown value `profesional` for tier; expected one of free, starter, professional, enterprise (did you mean `professional`?)",
            Problem("tier == profesional").Message);
    }

    [Theory]
    [InlineData("seat_utilization >= 90", "`90` compared with seat_utilization (a percentage) reads as a fraction, 9000%; write percentages with `%` (did you mean `90%`?)")]
    [InlineData("seat_utilization >= 0.95%", "`0.95%` compared with seat_utilization is less than one percent; a percentage is written `95%` or as the fraction `0.95` (did you mean `95%`?)")]
    public void Percent_threshold_mistakes_read_as_the_error_table_states(string condition, string message)
    {
        var problem = Problem(condition);

        Assert.Equal(("PB025", 20, message), (problem.Code, problem.Index, problem.Message));
    }

    [Theory]
    [InlineData("seat_utilization >= -1")]
    [InlineData("seat_utilization >= 0%")]
    [InlineData("seat_utilization >= -1%")]
    public void Percent_thresholds_at_the_edges_stay_valid(string condition) =>
        Assert.Empty(ConditionCompiler.Compile(condition, SignalCatalog.Default).Problems);

    [Theory]
    [InlineData("seat_utilization >= -1.5", "-1.5%")]
    [InlineData("seat_utilization >= -0.5%", "-50%")]
    public void Negative_percent_thresholds_are_checked_by_their_size(string condition, string meant) =>
        Assert.Contains($"did you mean `{meant}`?", Problem(condition).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("health >= 40 & tier == starter", 13, "&", "and")]
    [InlineData("health >= 40 | tier == starter", 13, "|", "or")]
    public void Single_ampersand_and_bar_are_reported_suggesting_the_word(string condition, int index, string written, string meant)
    {
        var problem = Problem(condition);

        Assert.Equal(("PB022", index), (problem.Code, problem.Index));
        Assert.Equal($"`{written}` is not an operator of the condition language (did you mean `{meant}`?)", problem.Message);
    }

    [Fact]
    public void Every_operator_mistake_of_a_condition_is_reported_in_text_order()
    {
        var problems = Problems("health => 40 && tier = starter");

        Assert.Equal([(7, "PB022"), (13, "PB022"), (21, "PB022")], problems.Select(p => (p.Index, p.Code)));
        Assert.Equal(["`=>`", "`&&`", "`=`"], problems.Select(p => p.Message.Split(' ')[0]));
    }

    [Theory]
    [InlineData("health >= 40 and health != 50")]
    [InlineData("health <= 40 or health == 50")]
    public void The_real_operators_are_not_mistaken_for_foreign_ones(string condition) =>
        Assert.Empty(ConditionCompiler.Compile(condition, SignalCatalog.Default).Problems);

    [Fact]
    public void Operators_inside_a_quoted_value_are_not_mistakes()
    {
        var problem = Problem("tier == \"a=>b && c\"");

        Assert.Equal("PB024", problem.Code);
    }

    [Fact]
    public void A_duration_shorthand_message_names_it_and_suggests_the_words()
    {
        var problem = Problem("days_to_renewal <= 21d");

        Assert.Equal(("PB023", 19), (problem.Code, problem.Index));
        Assert.StartsWith("bad duration `21d`: expected a number of `days` or `weeks`", problem.Message, StringComparison.Ordinal);
        Assert.EndsWith("(did you mean `21 days`?)", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("health >= 99999999999999999999999999999999", 10, "number `99999999999999999999999999999999` is too large")]
    [InlineData("", 0, "the condition is empty; expected e.g. `seat_utilization >= 90%`")]
    public void Unreadable_conditions_say_why(string condition, int index, string message)
    {
        var problem = Problem(condition);

        Assert.Equal(("PB022", index, message), (problem.Code, problem.Index, problem.Message));
    }
}
