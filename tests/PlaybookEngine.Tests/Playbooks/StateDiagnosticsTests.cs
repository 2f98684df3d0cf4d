using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Signals;
using CrmSuite.PlaybookEngine.Tests.Support;
using static CrmSuite.PlaybookEngine.Tests.Support.Validation;

namespace CrmSuite.PlaybookEngine.Tests.Playbooks;

public sealed class StateDiagnosticsTests
{
    [Fact]
    public void Duplicate_state_is_reported_at_the_second_heading_name()
    {
        var text = PlaybookText.Valid().BuildWith("## Done (final)", "## Proposal\n\n- x\n\n## Done (final)");

        ExpectAt(text, "PB010", Locate.Of(text, "\n## Proposal\n", plus: 4, occurrence: 2));
    }

    [Fact]
    public void Unknown_target_state_is_reported_at_the_state_name_with_a_suggestion()
    {
        var text = PlaybookText.Valid().BuildWith("-> CheckIn", "-> ChekIn");

        var diagnostic = ExpectAt(text, "PB011", Locate.Of(text, "ChekIn"));
        Assert.Contains("did you mean `CheckIn`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreachable_state_is_reported_at_its_heading_name()
    {
        var text = PlaybookText.Valid().State("Orphan", "### Transitions\n\n- after 3 days -> Done").Build();

        ExpectOnly(text, "PB012", Locate.Of(text, "## Orphan", plus: 3));
    }

    [Fact]
    public void State_without_transitions_that_is_not_final_is_reported_at_its_heading_name()
    {
        var text = PlaybookText.Valid().BuildWith("## Done (final)", "## Done");

        ExpectOnly(text, "PB013", Locate.Of(text, "## Done", plus: 3));
    }

    [Fact]
    public void Unknown_start_state_is_reported_at_the_start_value()
    {
        var text = PlaybookText.Valid().Field("start", "Wathcing").Build();

        var diagnostic = ExpectAt(text, "PB014", Locate.Of(text, "Wathcing"));
        Assert.Contains("did you mean `Watching`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Playbook_without_states_is_reported_at_the_first_line()
    {
        var text = PlaybookText.Valid().Build();
        var headerOnly = text[..text.IndexOf("## Watching", StringComparison.Ordinal)];

        ExpectOnly(headerOnly, "PB015", (1, 1));
    }

    [Fact]
    public void State_heading_of_several_words_is_reported_at_the_heading()
    {
        var text = PlaybookText.Valid().BuildWith("## Done (final)", "## Done and dusted (final)");

        var diagnostic = ExpectAt(text, "PB016", Locate.Of(text, "## Done and dusted"));
        Assert.Contains("one word", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_section_is_a_warning_at_its_heading_with_a_suggestion()
    {
        var text = PlaybookText.Valid().BuildWith("### Talk track", "### Talk trak");

        var diagnostic = ExpectOnly(text, "PB017", Locate.Of(text, "### Talk trak"));
        Assert.Equal(Severity.Warning, diagnostic.Severity);
        Assert.Contains("did you mean `Talk track`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prose_inside_a_transitions_section_is_reported_at_the_paragraph()
    {
        var text = PlaybookText.Valid().BuildWith("- when `seat_utilization >= 90%` -> CheckIn", "- when `seat_utilization >= 90%` -> CheckIn\n\nthen go on");

        ExpectOnly(text, "PB018", Locate.Of(text, "then go on"));
    }

    [Fact]
    public void Unknown_signal_is_reported_at_its_column_inside_the_condition()
    {
        var text = PlaybookText.Valid().BuildWith("`seat_utilization >= 90%`", "`seat_utilisation >= 90%`");

        var diagnostic = ExpectOnly(text, "PB020", Locate.Of(text, "seat_utilisation"));
        Assert.Contains("did you mean `seat_utilization`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Type_mismatch_is_reported_at_the_literal_that_does_not_fit()
    {
        var text = PlaybookText.Valid().BuildWith("`seat_utilization >= 90%`", "`seat_utilization >= 14 days`");

        ExpectOnly(text, "PB021", Locate.Of(text, "14 days"));
    }

    [Fact]
    public void Condition_syntax_error_is_reported_where_the_condition_stops_making_sense()
    {
        var text = PlaybookText.Valid().BuildWith("`seat_utilization >= 90%`", "`seat_utilization >= and health > 3`");

        ExpectOnly(text, "PB022", Locate.Of(text, "and health"));
    }

    [Fact]
    public void Empty_condition_is_reported_at_the_opening_backtick_plus_one()
    {
        var text = PlaybookText.Valid().BuildWith("`seat_utilization >= 90%`", "``");

        ExpectOnly(text, "PB022", Locate.Of(text, "``", plus: 1));
    }

    [Fact]
    public void Bad_duration_unit_in_an_after_trigger_is_reported_at_the_number()
    {
        var text = PlaybookText.Valid().BuildWith("after 14 days", "after 2 months");

        ExpectOnly(text, "PB023", Locate.Of(text, "2 months"));
    }

    [Fact]
    public void Bad_duration_unit_in_a_sustained_condition_is_reported_at_the_number()
    {
        var text = PlaybookText.Valid().BuildWith("`seat_utilization >= 90%` ->", "`seat_utilization >= 90%` for 3 sprints ->");

        // The transition is dropped, so Watching also has no way out; the duration error is the one at the mistake.
        ExpectAt(text, "PB023", Locate.Of(text, "3 sprints"));
    }

    [Fact]
    public void Bad_duration_in_a_condition_literal_is_reported_at_the_number()
    {
        var text = PlaybookText.Valid().BuildWith("`seat_utilization >= 90%`", "`days_to_renewal <= 4 months`");

        ExpectOnly(text, "PB023", Locate.Of(text, "4 months"));
    }

    // Found by the fuzz test: int.Parse overflowed and the loader threw.
    [Fact]
    public void Duration_too_large_for_a_number_of_days_is_reported_at_the_number_instead_of_throwing()
    {
        var text = PlaybookText.Valid().BuildWith("after 14 days", "after 99999999999 days");

        var diagnostic = ExpectOnly(text, "PB023", Locate.Of(text, "99999999999"));
        Assert.Contains("`99999999999 days`", diagnostic.Message, StringComparison.Ordinal);
    }

    // Found by the fuzz test: decimal.Parse overflowed and the loader threw.
    [Fact]
    public void Number_too_large_in_a_condition_is_reported_at_the_number_instead_of_throwing()
    {
        var text = PlaybookText.Valid().BuildWith("`seat_utilization >= 90%`", "`health >= 99999999999999999999999999999999`");

        var diagnostic = ExpectOnly(text, "PB022", Locate.Of(text, "99999999999999999999999999999999"));
        Assert.Contains("too large", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_task_due_is_reported_at_the_value()
    {
        var text = PlaybookText.Valid().BuildWith("due: 3 days", "due: soon");

        ExpectOnly(text, "PB023", Locate.Of(text, "soon"));
    }

    [Fact]
    public void Bad_proposal_validity_is_reported_at_the_value()
    {
        var text = PlaybookText.Valid().BuildWith("valid: 30 days", "valid: a month");

        ExpectOnly(text, "PB023", Locate.Of(text, "a month"));
    }

    [Fact]
    public void Unknown_enum_value_is_reported_at_the_value_with_a_suggestion()
    {
        var text = PlaybookText.Valid().BuildWith("`seat_utilization >= 90%`", "`tier == profesional`");

        var diagnostic = ExpectOnly(text, "PB024", Locate.Of(text, "profesional"));
        Assert.Contains("did you mean `professional`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_transition_line_is_reported_where_reading_stops()
    {
        var text = PlaybookText.Valid().BuildWith("- on outcome no -> Done", "- on outcome no then Done");

        var diagnostic = ExpectOnly(text, "PB030", Locate.Of(text, "then Done"));
        Assert.Contains("unexpected word `then`, expected `->`", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transition_without_a_trigger_is_reported_at_the_line_start()
    {
        var text = PlaybookText.Valid().BuildWith("- after 14 days -> Watching", "- -> Watching");

        ExpectOnly(text, "PB030", Locate.Of(text, "-> Watching", occurrence: 1));
    }

    [Fact]
    public void Unknown_task_priority_is_reported_at_the_value()
    {
        var text = PlaybookText.Valid().BuildWith("priority: high", "priority: asap");

        ExpectOnly(text, "PB031", Locate.Of(text, "asap"));
    }

    [Fact]
    public void Unknown_task_property_is_reported_at_the_property_with_a_suggestion()
    {
        var text = PlaybookText.Valid().BuildWith("owner: csm", "ower: csm");

        var diagnostic = ExpectOnly(text, "PB031", Locate.Of(text, "ower: csm"));
        Assert.Contains("did you mean `owner`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_task_purpose_is_reported_at_its_value_with_a_suggestion()
    {
        var text = PlaybookText.Valid().BuildWith("purpose: upgrade", "purpose: upgarde");

        var diagnostic = ExpectOnly(text, "PB031", Locate.Of(text, "upgarde"));
        Assert.Contains("did you mean `upgrade`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_task_deadline_is_reported_at_its_value_with_a_suggestion()
    {
        var text = PlaybookText.Valid().BuildWith("  - purpose: upgrade\n", "  - purpose: upgrade\n  - deadline: renewl\n");

        var diagnostic = ExpectOnly(text, "PB031", Locate.Of(text, "renewl"));
        Assert.Contains("did you mean `renewal`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_purpose_key_is_reported_with_a_suggestion()
    {
        var text = PlaybookText.Valid().BuildWith("purpose: upgrade", "purpse: upgrade");

        var diagnostic = ExpectOnly(text, "PB031", Locate.Of(text, "purpse: upgrade"));
        Assert.Contains("did you mean `purpose`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("upgrade", true)]
    [InlineData("trial", true)]
    [InlineData("renewal", false)]
    [InlineData("onboarding", false)]
    public void A_task_without_purpose_in_an_upgrade_or_trial_playbook_is_a_warning_at_the_task(string category, bool warned)
    {
        var text = PlaybookText.Valid().Field("category", category).BuildWith("  - purpose: upgrade\n", "");

        var diagnostics = DiagnosticsOf(text);

        Assert.DoesNotContain(diagnostics, d => d.IsError);
        if (warned)
        {
            var warning = Assert.Single(diagnostics, d => d.Code == "PB036");
            Assert.Equal(Locate.Of(text, "Check in with"), (warning.Line, warning.Column));
        }
        else
        {
            Assert.DoesNotContain(diagnostics, d => d.Code == "PB036");
        }
    }

    [Fact]
    public void Task_without_due_is_reported_at_the_task_subject()
    {
        var text = PlaybookText.Valid().BuildWith("  - due: 3 days\n", "");

        ExpectOnly(text, "PB031", Locate.Of(text, "Check in with"));
    }

    [Fact]
    public void Task_without_outcomes_is_reported_at_the_task_subject()
    {
        var text = PlaybookText.Valid().BuildWith("  - outcomes: yes, no\n", "");

        var diagnostics = DiagnosticsOf(text);
        var missing = Assert.Single(diagnostics, d => d.Code == "PB031");
        Assert.Equal(Locate.Of(text, "Check in with"), (missing.Line, missing.Column));
        Assert.Contains("outcomes", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Proposal_line_with_several_words_is_reported_at_the_line()
    {
        var text = PlaybookText.Valid().BuildWith("- next-tier\n", "- next tier\n");

        ExpectAt(text, "PB032", Locate.Of(text, "next tier"));
    }

    [Fact]
    public void Unknown_proposal_property_is_reported_at_the_property()
    {
        var text = PlaybookText.Valid().BuildWith("valid: 30 days", "expires: 30 days");

        ExpectOnly(text, "PB032", Locate.Of(text, "expires: 30 days"));
    }

    [Fact]
    public void Outcome_no_task_can_produce_is_reported_at_the_transition_line()
    {
        var text = PlaybookText.Valid().BuildWith("- on outcome no -> Done", "- on outcome nope -> Done");

        var diagnostic = ExpectOnly(text, "PB033", Locate.Of(text, "on outcome nope"));
        Assert.Contains("did you mean `no`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outcome_trigger_in_a_state_without_tasks_is_reported_at_the_transition_line()
    {
        var text = PlaybookText.Valid().BuildWith("- on proposal expired -> Done", "- on outcome yes -> Done");

        var diagnostic = ExpectOnly(text, "PB033", Locate.Of(text, "on outcome yes -> Done"));
        Assert.Contains("opens no task", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Proposal_trigger_in_a_state_without_proposals_is_reported_at_the_transition_line()
    {
        var text = PlaybookText.Valid().BuildWith("- after 14 days -> Watching", "- on proposal accepted -> Watching");

        ExpectOnly(text, "PB034", Locate.Of(text, "on proposal accepted -> Watching"));
    }

    [Fact]
    public void More_than_32_transitions_in_a_state_is_reported_at_its_heading_name()
    {
        var many = string.Join('\n', Enumerable.Range(1, PlaybookValidator.MaxTransitionsPerState + 1).Select(i => $"- after {i} days -> CheckIn"));
        var text = PlaybookText.Valid().BuildWith("- when `seat_utilization >= 90%` -> CheckIn", many);

        ExpectOnly(text, "PB035", Locate.Of(text, "## Watching", plus: 3));
    }

    [Fact]
    public void Unknown_template_variable_is_reported_at_its_column()
    {
        var text = PlaybookText.Valid().BuildWith("{{ account.name }}", "{{ acount.name }}");

        var diagnostic = ExpectOnly(text, "PB040", Locate.Of(text, "acount.name"));
        Assert.Contains("did you mean `account`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_account_field_is_reported_at_the_member_path()
    {
        var text = PlaybookText.Valid().BuildWith("{{ account.name }}", "{{ account.nmae }}");

        ExpectOnly(text, "PB040", Locate.Of(text, "account.nmae"));
    }

    [Fact]
    public void Unknown_signal_in_a_template_of_the_talk_track_is_reported_on_its_line()
    {
        var text = PlaybookText.Valid().BuildWith("Ask about their plans.", "Ask about their plans.\nUsage: {{ signals.seat_use | percent }}");

        ExpectOnly(text, "PB040", Locate.Of(text, "signals.seat_use"));
    }

    [Fact]
    public void Unknown_template_filter_is_reported_at_its_name()
    {
        var text = PlaybookText.Valid().BuildWith("{{ account.name }}", "{{ account.name | upcase | shout }}");

        ExpectOnly(text, "PB040", Locate.Of(text, "shout"));
    }

    [Fact]
    public void Template_syntax_error_is_reported_at_the_first_brace()
    {
        var text = PlaybookText.Valid().BuildWith("{{ account.name }}", "{{ account.name ");

        ExpectOnly(text, "PB041", Locate.Of(text, "{{ account.name"));
    }

    [Fact]
    public void Duplicate_playbook_id_across_files_is_reported_at_the_second_files_id()
    {
        var text = PlaybookText.Valid().Build();

        var library = PlaybookLibrary.Load([new SourceFile("a.md", text), new SourceFile("b.md", text)], SignalCatalog.Default, offers: null);

        var diagnostic = Assert.Single(library.Diagnostics);
        Assert.Equal("PB050", diagnostic.Code);
        var at = Locate.Of(text, "test-play");
        Assert.Equal($"b.md:{at.Line}:{at.Column}", $"{diagnostic.Path}:{diagnostic.Line}:{diagnostic.Column}");
        Assert.Contains("a.md", diagnostic.Message, StringComparison.Ordinal);
        Assert.Single(library.Playbooks);
    }

    [Fact]
    public void Raw_html_is_a_warning_at_the_tag()
    {
        var text = PlaybookText.Valid().BuildWith("Ask about their plans.", "Ask about their <b>plans</b>.");

        var diagnostics = DiagnosticsOf(text);

        Assert.All(diagnostics, d => Assert.Equal(("PB051", Severity.Warning), (d.Code, d.Severity)));
        Assert.Equal([Locate.Of(text, "<b>"), Locate.Of(text, "</b>")], diagnostics.Select(d => (d.Line, d.Column)));
    }

    [Fact]
    public void Html_block_is_a_warning_at_its_first_line()
    {
        var text = PlaybookText.Valid().BuildWith("Ask about their plans.", "<div>\nAsk about their plans.\n</div>");

        var diagnostic = ExpectOnly(text, "PB051", Locate.Of(text, "<div>"));
        Assert.Equal(Severity.Warning, diagnostic.Severity);
    }

    [Fact]
    public void Offer_the_price_book_refuses_is_reported_at_the_offer_id_with_its_code()
    {
        var text = PlaybookText.Valid().Build();

        var diagnostic = ExpectOnly(text, "PB060", Locate.Of(text, "next-tier"),
            offers: id => id == "next-tier" ? ("PB060", "offer `next-tier` is retired") : null);

        Assert.Equal("offer `next-tier` is retired", diagnostic.Message);
    }

    [Fact]
    public void A_file_with_errors_is_left_out_of_the_library()
    {
        var text = PlaybookText.Valid().BuildWith("-> CheckIn", "-> Nowhere");

        var library = Load(text);

        Assert.True(library.HasErrors);
        Assert.Empty(library.Playbooks);
    }

    [Fact]
    public void All_problems_of_a_file_are_reported_together_in_file_order()
    {
        var text = PlaybookText.Valid().Field("status", "live").Build()
            .Replace("-> CheckIn", "-> Nowhere", StringComparison.Ordinal)
            .Replace("priority: high", "priority: asap", StringComparison.Ordinal);

        var diagnostics = DiagnosticsOf(text);

        Assert.Equal(["PB004", "PB011", "PB031"], diagnostics.Select(d => d.Code).Where(c => c != "PB012"));
        Assert.Equal(diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column), diagnostics);
    }
}
