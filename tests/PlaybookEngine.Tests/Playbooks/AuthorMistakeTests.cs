using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Tests.Support;
using static CrmSuite.PlaybookEngine.Tests.Support.Validation;

namespace CrmSuite.PlaybookEngine.Tests.Playbooks;

/// <summary>
/// Mistakes a sales-ops author makes while editing a playbook that would otherwise disable or distort a play in silence:
/// each is an error at its line:col, with a suggestion where one is obvious; the near misses stay valid.
/// </summary>
public sealed class AuthorMistakeTests
{
    private static string WithCondition(string condition) =>
        PlaybookText.Valid().BuildWith("`seat_utilization >= 90%`", $"`{condition}`");

    [Theory]
    [InlineData("seat_utilization >= 90", "90", "90%")]
    [InlineData("seat_utilization_min_28d > 85", "85", "85%")]
    [InlineData("feature_adoption < 50 and health >= 40", "50", "50%")]
    [InlineData("90 <= seat_utilization", "90", "90%")]
    [InlineData("usage_growth_30d <= -20", "-20", "-20%")]
    public void Percent_signal_compared_with_a_bare_number_above_1_is_an_error_suggesting_the_percent(string condition, string literal, string meant)
    {
        var text = WithCondition(condition);

        var diagnostic = ExpectOnly(text, "PB025", Locate.Of(text, literal, plus: 0, occurrence: Occurrence(text, literal)));
        Assert.Contains($"did you mean `{meant}`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_bare_number_in_a_list_for_a_percent_signal_is_reported()
    {
        var text = WithCondition("seat_utilization in [80, 90]");

        Assert.Contains("did you mean `80%`?", ExpectAt(text, "PB025", Locate.Of(text, "80, 90")).Message, StringComparison.Ordinal);
        Assert.Contains("did you mean `90%`?", ExpectAt(text, "PB025", Locate.Of(text, "90]")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seat_utilization >= 0.95%", "0.95%", "95%")]
    [InlineData("feature_adoption < 0.5%", "0.5%", "50%")]
    public void Percent_signal_compared_with_a_percent_below_one_percent_is_an_error_suggesting_the_whole_percent(string condition, string literal, string meant)
    {
        var text = WithCondition(condition);

        var diagnostic = ExpectOnly(text, "PB025", Locate.Of(text, literal));
        Assert.Contains($"did you mean `{meant}`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seat_utilization >= 90%")]
    [InlineData("seat_utilization >= 0.9")]
    [InlineData("seat_utilization >= 1")]
    [InlineData("seat_utilization == 100%")]
    [InlineData("seat_utilization > 0%")]
    [InlineData("seat_utilization >= 1%")]
    [InlineData("usage_growth_30d >= 150%")]
    [InlineData("active_users_30d >= 90")]
    [InlineData("health >= 90 and open_tickets < 3")]
    [InlineData("days_to_renewal <= 90")]
    [InlineData("nps <= -20")]
    public void Near_misses_with_percentages_and_plain_numbers_stay_valid(string condition) =>
        Assert.Empty(DiagnosticsOf(WithCondition(condition)));

    [Theory]
    [InlineData("seat_utilization => 90%", "=>", ">=")]
    [InlineData("seat_utilization =< 90%", "=<", "<=")]
    [InlineData("seat_utilization >= 90% && health >= 40", "&&", "and")]
    [InlineData("seat_utilization >= 90% || health >= 40", "||", "or")]
    [InlineData("tier = starter", "=", "==")]
    [InlineData("tier <> starter", "<>", "!=")]
    [InlineData("!churn_risk", "!", "not")]
    public void Operator_from_another_language_is_an_error_at_it_suggesting_the_operator_to_write(string condition, string written, string meant)
    {
        var text = WithCondition(condition);

        var diagnostic = ExpectOnly(text, "PB022", Locate.Of(text, written, occurrence: Occurrence(text, written)));
        Assert.Contains($"did you mean `{meant}`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("days_to_renewal <= 21d", "21d", "21 days")]
    [InlineData("days_since_last_login > 2w", "2w", "2 weeks")]
    public void Duration_shorthand_in_a_condition_is_an_error_suggesting_the_words(string condition, string written, string meant)
    {
        var text = WithCondition(condition);

        var diagnostic = ExpectOnly(text, "PB023", Locate.Of(text, written));
        Assert.Contains($"did you mean `{meant}`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- after 14 days -> Watching", "- after 14d -> Watching", "14d", "14 days")]
    [InlineData("- after 14 days -> Watching", "- after 2w -> Watching", "2w", "2 weeks")]
    [InlineData("- when `seat_utilization >= 90%` -> CheckIn", "- when `seat_utilization >= 90%` for 21d -> CheckIn", "21d", "21 days")]
    [InlineData("  - due: 3 days", "  - due: 3d", "3d", "3 days")]
    [InlineData("  - valid: 30 days", "  - valid: 30d", "30d", "30 days")]
    public void Duration_shorthand_in_a_transition_or_task_is_an_error_at_it_suggesting_the_words(string line, string mistake, string written, string meant)
    {
        var text = PlaybookText.Valid().BuildWith(line, mistake);

        var diagnostic = ExpectAt(text, "PB023", Locate.Of(text, written));
        Assert.Contains($"did you mean `{meant}`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fat_arrow_before_the_target_state_is_an_error_suggesting_the_arrow()
    {
        var text = PlaybookText.Valid().BuildWith("- after 14 days -> Watching", "- after 14 days => Watching");

        var diagnostic = ExpectOnly(text, "PB030", Locate.Of(text, "=> Watching"));
        Assert.Contains("did you mean `->`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Final_state_with_transitions_is_an_error_at_its_heading_because_they_would_still_fire()
    {
        var text = PlaybookText.Valid().BuildWith("## Done (final)\n\nThe play is over.",
            "## Done (final)\n\nThe play is over.\n\n### Transitions\n\n- after 90 days -> Watching");

        var diagnostic = ExpectOnly(text, "PB037", Locate.Of(text, "## Done", plus: 3));
        Assert.Contains("(final)", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- on outcome no -> Done", "- on outcome yes -> Watching", "- on outcome yes -> Watching")]
    [InlineData("- on outcome no -> Done", "- after 2 weeks -> Done", "- after 14 days -> Watching")]
    public void Same_trigger_twice_in_a_state_with_another_target_is_an_error_at_the_later_line(string line, string repeat, string later)
    {
        var text = PlaybookText.Valid().BuildWith(line, line + "\n" + repeat);

        var diagnostic = ExpectOnly(text, "PB038", Locate.Of(text, later, plus: 2));
        Assert.Equal(Severity.Error, diagnostic.Severity);
        Assert.Contains("never fires", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_condition_written_with_other_spacing_is_the_same_trigger()
    {
        var text = PlaybookText.Valid().BuildWith("- when `seat_utilization >= 90%` -> CheckIn",
            "- when `seat_utilization >= 90%` -> CheckIn\n- WHEN `seat_utilization>=90%` -> Proposal");

        ExpectOnly(text, "PB038", Locate.Of(text, "- WHEN", plus: 2));
    }

    [Fact]
    public void Same_trigger_twice_to_the_same_state_is_a_warning_only()
    {
        var text = PlaybookText.Valid().BuildWith("- on outcome no -> Done", "- on outcome no -> Done\n- on outcome no -> Done");

        var diagnostic = ExpectOnly(text, "PB038", Locate.Of(text, "- on outcome no -> Done", plus: 2, occurrence: 2));
        Assert.Equal(Severity.Warning, diagnostic.Severity);
    }

    [Theory]
    [InlineData("- when `seat_utilization >= 90%` -> CheckIn\n- when `seat_utilization >= 90%` for 14 days -> Proposal")]
    [InlineData("- when `seat_utilization >= 90%` -> CheckIn\n- when `seat_utilization >= 95%` -> Proposal")]
    public void Different_triggers_to_different_states_stay_valid(string lines) =>
        Assert.Empty(DiagnosticsOf(PlaybookText.Valid().BuildWith("- when `seat_utilization >= 90%` -> CheckIn", lines)));

    [Theory]
    [InlineData("cms", "csm")]
    [InlineData("exec-sponsor", "exec_sponsor")]
    [InlineData("manger", "manager")]
    public void Unknown_owner_role_is_an_error_at_the_value_with_a_suggestion(string role, string meant)
    {
        var text = PlaybookText.Valid().BuildWith("  - owner: csm", "  - owner: " + role);

        var diagnostic = ExpectOnly(text, "PB031", Locate.Of(text, role));
        Assert.Contains($"did you mean `{meant}`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("csm")]
    [InlineData("CSM")]
    [InlineData("manager")]
    [InlineData("exec_sponsor")]
    [InlineData("sales_ops")]
    public void Every_documented_owner_role_is_accepted_in_any_case(string role) =>
        Assert.Empty(DiagnosticsOf(PlaybookText.Valid().BuildWith("  - owner: csm", "  - owner: " + role)));

    [Fact]
    public void Section_before_the_first_state_is_an_error_at_its_heading()
    {
        var text = PlaybookText.Valid().BuildWith("# Test play\n", "# Test play\n\n### Objection: cost\n\nShow the annual price.\n");

        var diagnostic = ExpectOnly(text, "PB019", Locate.Of(text, "### Objection: cost"));
        Assert.Contains("before the first state", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prose_before_the_first_state_stays_the_playbooks_description()
    {
        var text = PlaybookText.Valid().BuildWith("# Test play\n", "# Test play\n\nWhy this play exists.\n\n- a list is fine too\n");

        Assert.Empty(DiagnosticsOf(text));
    }

    [Fact]
    public void Section_written_as_a_state_heading_is_an_error_suggesting_the_section_level()
    {
        var text = PlaybookText.Valid().BuildWith("### Talk track", "## Talk track");

        var diagnostic = ExpectAt(text, "PB016", Locate.Of(text, "## Talk track"));
        Assert.Contains("### Talk track", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loop_over_a_huge_range_in_a_talk_track_is_reported_at_its_tag_in_the_file()
    {
        var text = PlaybookText.Valid().BuildWith("Ask about their plans.", "Ask about their plans. {% for i in (1..100000000) %}!{% endfor %}");

        ExpectOnly(text, "PB042", Locate.Of(text, "{% for"));
    }

    private static int Occurrence(string text, string literal)
    {
        // The literal's occurrence inside the condition, not in the front matter or headings above it.
        var condition = text.IndexOf("- when `", StringComparison.Ordinal);
        var count = 0;
        for (var at = text.IndexOf(literal, StringComparison.Ordinal); at >= 0 && at < condition; at = text.IndexOf(literal, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count + 1;
    }
}
