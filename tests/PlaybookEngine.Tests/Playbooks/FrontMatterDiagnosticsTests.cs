using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Tests.Support;
using static CrmSuite.PlaybookEngine.Tests.Support.Validation;

namespace CrmSuite.PlaybookEngine.Tests.Playbooks;

public sealed class FrontMatterDiagnosticsTests
{
    [Fact]
    public void The_builders_default_playbook_is_valid()
    {
        var library = Load(PlaybookText.Valid().Build());

        Assert.Empty(library.Diagnostics);
        Assert.Single(library.Playbooks);
    }

    [Fact]
    public void Missing_front_matter_is_reported_at_the_first_line()
    {
        var text = PlaybookText.Valid().Build();
        var withoutFrontMatter = text[(text.IndexOf("# Test play", StringComparison.Ordinal))..];

        var diagnostic = ExpectOnly(withoutFrontMatter, "PB001", (1, 1));
        Assert.Contains("missing front matter", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unclosed_front_matter_is_reported_at_the_first_line()
    {
        var text = "---\nid: test-play\ntitle: Test play\n\n## Watching\n";

        var diagnostic = ExpectOnly(text, "PB001", (1, 1));
        Assert.Contains("not closed", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_yaml_is_reported_at_the_offending_line_and_column()
    {
        var text = PlaybookText.Valid().Field("title", "Test: play").Build();

        ExpectOnly(text, "PB002", Locate.Of(text, "Test: play", plus: 4));
    }

    // Found by the fuzz test: YamlDotNet threw InvalidOperationException (not YamlException) for an unclosed flow list.
    [Fact]
    public void Unclosed_flow_list_in_yaml_is_reported_at_the_front_matter_start_instead_of_throwing()
    {
        var text = PlaybookText.Valid().Field("title", "[Test play").Build();

        var diagnostic = ExpectOnly(text, "PB002", (2, 1));
        Assert.Contains("close the bracket", diagnostic.Message, StringComparison.Ordinal);
    }

    // Found by comparing diagnostics over mutated shipped files: YamlDotNet threw ArgumentException for an alias after a
    // flow list, with no position to report.
    [Fact]
    public void Alias_after_a_flow_list_is_reported_at_the_front_matter_start_instead_of_throwing()
    {
        var text = PlaybookText.Valid().Field("title", "[Test play] *x").Build();

        var diagnostic = ExpectOnly(text, "PB002", (2, 1));
        Assert.Contains("followed by more on its line", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Front_matter_that_is_not_a_mapping_is_reported_at_its_first_line()
    {
        var text = "---\n- id\n- title\n---\n\n## Watching\n";

        ExpectOnly(text, "PB002", (2, 1));
    }

    // Found by comparing diagnostics over mutated shipped files: a front matter with no line at all made the parser throw.
    [Fact]
    public void Empty_front_matter_is_reported_as_not_a_mapping_instead_of_throwing()
    {
        var text = "---\n---\nid: test-play\n---\n\n## Watching\n";

        ExpectOnly(text, "PB002", (2, 1));
    }

    [Fact]
    public void Missing_required_field_is_reported_at_the_start_of_the_front_matter()
    {
        var text = PlaybookText.Valid().Without("title").Build();

        var diagnostic = ExpectOnly(text, "PB003", (2, 1));
        Assert.Contains("`title`", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Id_with_uppercase_or_underscore_is_reported_at_its_value()
    {
        var text = PlaybookText.Valid().Field("id", "Test_Play").Build();

        ExpectOnly(text, "PB004", Locate.Of(text, "Test_Play"));
    }

    [Fact]
    public void Version_zero_is_reported_at_its_value()
    {
        var text = PlaybookText.Valid().Field("version", "0").Build();

        var diagnostic = ExpectOnly(text, "PB004", Locate.Of(text, "version: 0", plus: 9));
        Assert.Contains("at least 1", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_status_is_reported_at_its_value_with_a_suggestion()
    {
        var text = PlaybookText.Valid().Field("status", "aproved").Build();

        var diagnostic = ExpectOnly(text, "PB004", Locate.Of(text, "aproved"));
        Assert.Contains("did you mean `approved`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numeric_category_is_not_taken_as_an_enum_index()
    {
        var text = PlaybookText.Valid().Field("category", "2").Build();

        ExpectOnly(text, "PB004", Locate.Of(text, "category: 2", plus: 10));
    }

    [Fact]
    public void Negative_priority_is_reported_at_its_value()
    {
        var text = PlaybookText.Valid().Field("priority", "-5").Build();

        ExpectOnly(text, "PB004", Locate.Of(text, "-5"));
    }

    [Fact]
    public void Empty_owner_is_reported_at_the_field()
    {
        var text = PlaybookText.Valid().Field("owner", "''").Build();

        ExpectOnly(text, "PB004", Locate.Of(text, "''"));
    }

    [Fact]
    public void Quoted_kind_is_read_as_yaml_reads_it_so_a_quoted_offers_file_is_not_a_playbook()
    {
        var text = PlaybookText.Valid().Field("kind", "\"offers\"").Build();

        var library = Load(text);

        Assert.Empty(library.Diagnostics);
        Assert.Empty(library.Playbooks);
    }

    [Fact]
    public void File_of_another_kind_is_skipped_without_diagnostics()
    {
        var text = PlaybookText.Valid().Field("kind", "pricebook").Build();

        var library = Load(text);

        Assert.Empty(library.Diagnostics);
        Assert.Empty(library.Playbooks);
    }

    [Fact]
    public void Unknown_applies_to_value_is_reported_at_the_list_item()
    {
        var text = PlaybookText.Valid().Field("applies_to", "  tier: [starter, platinum]").Build();

        var diagnostic = ExpectOnly(text, "PB004", Locate.Of(text, "platinum"));
        Assert.Contains("applies_to.tier", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Applies_to_that_is_not_a_mapping_is_reported_at_its_value()
    {
        var text = PlaybookText.Valid().Field("applies_to", "everyone").Build();

        ExpectOnly(text, "PB004", Locate.Of(text, "everyone"));
    }

    [Fact]
    public void Applies_to_list_of_mappings_is_reported_at_the_item()
    {
        var text = PlaybookText.Valid().Field("applies_to", "  tier: [{a: b}]").Build();

        ExpectOnly(text, "PB004", Locate.Of(text, "{a: b}"));
    }

    [Fact]
    public void Applies_to_given_as_a_mapping_instead_of_a_list_is_reported_at_it()
    {
        var text = PlaybookText.Valid().Field("applies_to", "  tier:\n    a: b").Build();

        ExpectOnly(text, "PB004", Locate.Of(text, "a: b"));
    }

    [Fact]
    public void Guardrail_flag_that_is_not_true_or_false_is_reported_at_its_value()
    {
        var text = PlaybookText.Valid().Field("guardrails", "  exclude_churn_risk: sometimes").Build();

        ExpectOnly(text, "PB004", Locate.Of(text, "sometimes"));
    }

    [Fact]
    public void Guardrail_count_that_is_not_a_number_is_reported_at_its_value()
    {
        var text = PlaybookText.Valid().Field("guardrails", "  max_upgrade_prompts_per_30_days: many").Build();

        ExpectOnly(text, "PB004", Locate.Of(text, "many"));
    }

    [Fact]
    public void Unknown_preempted_category_is_reported_at_the_list_item()
    {
        var text = PlaybookText.Valid().Field("preempts", "[upgrade, upsell]").Build();

        ExpectOnly(text, "PB004", Locate.Of(text, "upsell"));
    }

    [Fact]
    public void Misspelt_front_matter_field_is_an_error_with_a_suggestion_because_its_setting_is_not_applied()
    {
        var text = PlaybookText.Valid().Field("priorty", "5").Build();

        var diagnostic = ExpectOnly(text, "PB007", Locate.Of(text, "priorty"));
        Assert.Equal(Severity.Error, diagnostic.Severity);
        Assert.Contains("did you mean `priority`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_front_matter_field_unlike_any_known_one_is_a_warning_and_the_playbook_loads()
    {
        var text = PlaybookText.Valid().Field("reviewers", "[ana, ben]").Build();

        var diagnostic = ExpectOnly(text, "PB005", Locate.Of(text, "reviewers"));
        Assert.Equal(Severity.Warning, diagnostic.Severity);
        Assert.Single(Load(text).Playbooks);
    }

    [Theory]
    [InlineData("exclude_churn: true", "exclude_churn", "exclude_churn_risk")]
    [InlineData("quiet_days: 30", "quiet_days", "quiet_days_after_decline")]
    [InlineData("max_prompts_per_30_days: 1", "max_prompts_per_30_days", "max_upgrade_prompts_per_30_days")]
    [InlineData("exclude_churn_risks: true", "exclude_churn_risks", "exclude_churn_risk")]
    public void Unknown_guardrail_is_an_error_at_its_key_with_a_suggestion_because_the_guardrail_stays_off(string line, string key, string meant)
    {
        var text = PlaybookText.Valid().Field("guardrails", "  " + line).Build();

        var diagnostic = ExpectOnly(text, "PB007", Locate.Of(text, key));
        Assert.Equal(Severity.Error, diagnostic.Severity);
        Assert.Contains($"did you mean `{meant}`?", diagnostic.Message, StringComparison.Ordinal);
        Assert.Empty(Load(text).Playbooks);
    }

    [Theory]
    [InlineData("tiers: [starter]", "tiers", "tier")]
    [InlineData("lifecycle: [adoption]", "lifecycle", "lifecycle_stage")]
    [InlineData("segmnt: [smb]", "segmnt", "segment")]
    public void Unknown_applies_to_filter_is_an_error_at_its_key_with_a_suggestion_because_the_play_would_apply_to_everyone(string line, string key, string meant)
    {
        var text = PlaybookText.Valid().Field("applies_to", "  " + line).Build();

        var diagnostic = ExpectOnly(text, "PB007", Locate.Of(text, key));
        Assert.Contains($"did you mean `{meant}`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_applies_to_filter_without_a_close_name_is_still_an_error_listing_the_filters()
    {
        var text = PlaybookText.Valid().Field("applies_to", "  region: [emea]").Build();

        var diagnostic = ExpectOnly(text, "PB007", Locate.Of(text, "region"));
        Assert.Contains("segment, tier, industry, lifecycle_stage", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Guardrail_written_at_the_top_level_is_an_error_saying_where_it_belongs()
    {
        var text = PlaybookText.Valid().Field("exclude_churn_risk", "true").Build();

        var diagnostic = ExpectOnly(text, "PB007", Locate.Of(text, "exclude_churn_risk"));
        Assert.Contains("under `guardrails:`", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Filter_written_under_guardrails_is_an_error_saying_it_belongs_under_applies_to()
    {
        var text = PlaybookText.Valid().Field("guardrails", "  tier: [starter]").Build();

        var diagnostic = ExpectOnly(text, "PB007", Locate.Of(text, "tier: [starter]"));
        Assert.Contains("under `applies_to:`", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_known_guardrail_and_filter_is_accepted()
    {
        var text = PlaybookText.Valid()
            .Field("applies_to", "  tier: [starter]\n  segment: smb\n  industry: [software]\n  lifecycle_stage: [adoption]")
            .Field("guardrails", "  max_upgrade_prompts_per_30_days: 1\n  quiet_days_after_decline: 60\n  exclude_churn_risk: true")
            .Build();

        Assert.Empty(Load(text).Diagnostics);
    }

    [Theory]
    [InlineData("playbok", "playbook")]
    [InlineData("Playbook", "playbook")]
    [InlineData("offer", "offers")]
    [InlineData("price_book", "pricebook")]
    public void Unknown_kind_is_an_error_at_its_value_naming_the_kinds_allowed_instead_of_dropping_the_file(string kind, string meant)
    {
        var text = PlaybookText.Valid().Field("kind", kind).Build();

        var diagnostic = ExpectOnly(text, "PB006", Locate.Of(text, "kind: " + kind, plus: 6));
        Assert.Contains("playbook, pricebook, offers", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains($"did you mean `{meant}`?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  exclude_churn_risk: true", "\texclude_churn_risk: true")]
    [InlineData("  max_upgrade_prompts_per_30_days: 1", "\t max_upgrade_prompts_per_30_days: 1")]
    public void Tab_indenting_a_front_matter_line_is_reported_at_that_line_and_column(string line, string withTab)
    {
        var valid = PlaybookText.Valid().Field("guardrails", "  max_upgrade_prompts_per_30_days: 1\n  exclude_churn_risk: true").Build();
        var text = valid.Replace(line, withTab, StringComparison.Ordinal);

        var diagnostic = ExpectOnly(text, "PB002", Locate.Of(text, "\t"));
        Assert.Contains("tab", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tab_inside_a_title_is_text_and_not_an_error()
    {
        var text = PlaybookText.Valid().Field("title", "\"Test\tplay\"").Build();

        Assert.Empty(Load(text).Diagnostics);
    }
}
