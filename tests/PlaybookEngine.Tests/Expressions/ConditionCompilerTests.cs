using CrmSuite.PlaybookEngine.Expressions;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Expressions;

public sealed class ConditionCompilerTests
{
    private static CompiledCondition Compile(string text)
    {
        var (condition, problems) = ConditionCompiler.Compile(text, SignalCatalog.Default);
        Assert.Empty(problems);
        return condition!;
    }

    private static ConditionProblem Problem(string text)
    {
        var (condition, problems) = ConditionCompiler.Compile(text, SignalCatalog.Default);
        Assert.Null(condition);
        return Assert.Single(problems);
    }

    private static bool Test(string text, params (int Ordinal, double Value)[] values)
    {
        var signals = SignalVector.Empty();
        foreach (var (ordinal, value) in values)
        {
            signals[ordinal] = value;
        }

        return Compile(text).Test(in signals);
    }

    private static int Tier(string name) => SignalCatalog.Tiers.IndexOf(name);

    [Theory]
    [InlineData("seat_utilization >= 90%", 0.9, true)]
    [InlineData("seat_utilization >= 90%", 0.89, false)]
    [InlineData("seat_utilization >= 0.9", 0.9, true)]
    [InlineData("seat_utilization > 90%", 0.9, false)]
    [InlineData("seat_utilization < 90%", 0.5, true)]
    [InlineData("seat_utilization <= 12.5%", 0.125, true)]
    [InlineData("seat_utilization == 100%", 1.0, true)]
    [InlineData("seat_utilization != 100%", 1.0, false)]
    public void Percent_literals_compare_as_fractions(string condition, double utilization, bool expected) =>
        Assert.Equal(expected, Test(condition, (SignalOrdinals.SeatUtilization, utilization)));

    [Theory]
    [InlineData("days_to_renewal <= 14 days", 14, true)]
    [InlineData("days_to_renewal <= 2 weeks", 14, true)]
    [InlineData("days_to_renewal <= 2 weeks", 15, false)]
    [InlineData("days_to_renewal <= 1 week", 7, true)]
    [InlineData("days_to_renewal <= 120", 120, true)]
    [InlineData("days_to_renewal > 1 day", 1, false)]
    public void Duration_literals_are_days_and_weeks_and_bare_numbers_are_days(string condition, double days, bool expected) =>
        Assert.Equal(expected, Test(condition, (SignalOrdinals.DaysToRenewal, days)));

    [Theory]
    [InlineData("tier in [starter, professional]", "starter", true)]
    [InlineData("tier in [starter, professional]", "enterprise", false)]
    [InlineData("tier not in [starter, professional]", "enterprise", true)]
    [InlineData("tier not in [starter, professional]", "starter", false)]
    [InlineData("tier in [\"starter\"]", "starter", true)]
    [InlineData("tier == Starter", "starter", true)]
    [InlineData("tier == \"professional\"", "professional", true)]
    [InlineData("starter == tier", "starter", true)]
    public void Enum_values_may_be_bare_or_quoted_and_are_matched_without_case(string condition, string tier, bool expected) =>
        Assert.Equal(expected, Test(condition, (SignalOrdinals.Tier, Tier(tier))));

    [Theory]
    [InlineData("tier >= professional", "enterprise", true)]
    [InlineData("tier >= professional", "professional", true)]
    [InlineData("tier > professional", "starter", false)]
    [InlineData("tier < starter", "free", true)]
    [InlineData("professional < tier", "enterprise", true)]
    public void Enum_values_compare_by_their_declared_order(string condition, string tier, bool expected) =>
        Assert.Equal(expected, Test(condition, (SignalOrdinals.Tier, Tier(tier))));

    [Theory]
    [InlineData("churn_risk", 1, true)]
    [InlineData("churn_risk", 0, false)]
    [InlineData("churn_risk == true", 1, true)]
    [InlineData("churn_risk != true", 0, true)]
    [InlineData("not churn_risk", 0, true)]
    [InlineData("churn_risk == false", 0, true)]
    public void Boolean_signals_stand_alone_or_compare_with_true_and_false(string condition, double value, bool expected) =>
        Assert.Equal(expected, Test(condition, (SignalOrdinals.ChurnRisk, value)));

    [Fact]
    public void Date_literals_compare_with_date_signals()
    {
        var day = new DateOnly(2026, 12, 31).DayNumber;

        Assert.True(Test("renewal_date <= 2026-12-31", (SignalOrdinals.RenewalDate, day)));
        Assert.False(Test("renewal_date < 2026-12-31", (SignalOrdinals.RenewalDate, day)));
    }

    [Fact]
    public void And_binds_tighter_than_or()
    {
        // true or (false and false) = true; (true or false) and false would be false.
        Assert.True(Test("health > 50 or health < 0 and seats > 100", (SignalOrdinals.Health, 60), (SignalOrdinals.Seats, 5)));
    }

    [Fact]
    public void Parentheses_group_before_and()
    {
        Assert.False(Test("(health > 50 or health < 0) and seats > 100", (SignalOrdinals.Health, 60), (SignalOrdinals.Seats, 5)));
    }

    [Fact]
    public void Not_negates_the_comparison_that_follows()
    {
        Assert.True(Test("not health > 50 and seats > 1", (SignalOrdinals.Health, 40), (SignalOrdinals.Seats, 5)));
    }

    [Fact]
    public void Negative_numbers_are_literals()
    {
        Assert.True(Test("health_change_30d <= -15", (SignalOrdinals.HealthChange30d, -20)));
    }

    [Fact]
    public void Two_signals_of_the_same_type_compare_with_each_other()
    {
        Assert.True(Test("seats_used >= seats", (SignalOrdinals.SeatsUsed, 10), (SignalOrdinals.Seats, 10)));
    }

    [Theory]
    [InlineData("seat_utilization >= 0")]
    [InlineData("seat_utilization < 0")]
    [InlineData("seat_utilization == 0")]
    [InlineData("seat_utilization != 0")]
    [InlineData("tier in [starter, professional, enterprise, free]")]
    [InlineData("tier not in [starter]")]
    [InlineData("churn_risk")]
    [InlineData("churn_risk == false")]
    [InlineData("seats_used >= seats")]
    public void A_missing_signal_makes_every_comparison_false(string condition) =>
        Assert.False(Test(condition));

    [Fact]
    public void Not_of_a_comparison_with_a_missing_signal_is_true()
    {
        // `not` negates the false comparison; authors who mean "known and below" should write `x < 90%` instead.
        Assert.True(Test("not seat_utilization >= 90%"));
    }

    [Fact]
    public void Compiled_condition_lists_the_signals_it_reads()
    {
        var condition = Compile("tier == starter and seat_utilization >= 90%");

        Assert.Equal([SignalOrdinals.SeatUtilization, SignalOrdinals.Tier], condition.SignalOrdinals.ToArray());
    }

    [Theory]
    [InlineData("health >= 90%", 10)]
    [InlineData("seat_utilization >= 14 days", 20)]
    [InlineData("days_to_renewal <= 50%", 19)]
    [InlineData("renewal_date <= 30", 16)]
    [InlineData("tier == 3", 8)]
    [InlineData("health == \"good\"", 10)]
    [InlineData("seat_utilization >= seats", 20)]
    [InlineData("tier in [starter, health]", 18)]
    [InlineData("renewal_date <= 2026-13-01", 16)]
    public void Values_of_the_wrong_type_are_reported_at_the_value(string condition, int index)
    {
        var problem = Problem(condition);

        Assert.Equal(("PB021", index), (problem.Code, problem.Index));
    }

    [Theory]
    [InlineData("health")]
    [InlineData("tier")]
    [InlineData("days_to_renewal")]
    public void A_non_boolean_signal_alone_is_not_a_condition(string condition)
    {
        var problem = Problem(condition);

        Assert.Equal(("PB021", 0), (problem.Code, problem.Index));
        Assert.Contains("compare it", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordering_true_and_false_is_a_type_error()
    {
        Assert.Equal("PB021", Problem("churn_risk > false").Code);
    }

    [Fact]
    public void The_left_side_of_in_must_be_a_signal()
    {
        Assert.Equal("PB021", Problem("3 in [1, 2]").Code);
    }

    [Fact]
    public void Unknown_signal_is_reported_with_a_suggestion()
    {
        var problem = Problem("health > 3 and seat_utilisation >= 90%");

        Assert.Equal(("PB020", 15), (problem.Code, problem.Index));
        Assert.Contains("did you mean `seat_utilization`?", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_enum_value_is_reported_at_the_value()
    {
        var problem = Problem("segment in [smb, large]");

        Assert.Equal(("PB024", 17), (problem.Code, problem.Index));
    }

    [Theory]
    [InlineData("health >", 8)]
    [InlineData("health > 3 and", 14)]
    [InlineData("(health > 3", 11)]
    [InlineData("health > 3 )", 11)]
    [InlineData("health @ 3", 7)]
    [InlineData("   ", 0)]
    public void Syntax_errors_are_reported_where_reading_stops(string condition, int index)
    {
        var problem = Problem(condition);

        Assert.Equal(("PB022", index), (problem.Code, problem.Index));
    }

    [Fact]
    public void Unknown_unit_after_a_number_is_a_bad_duration()
    {
        var problem = Problem("days_to_renewal <= 3 months");

        Assert.Equal(("PB023", 19), (problem.Code, problem.Index));
    }

    [Fact]
    public void All_problems_of_a_condition_are_reported_together()
    {
        var (_, problems) = ConditionCompiler.Compile("helth > 3 and tier == gold", SignalCatalog.Default);

        Assert.Equal(["PB020", "PB024"], problems.Select(p => p.Code));
    }
}
