using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Signals;
using CrmSuite.PlaybookEngine.Tests.Runtime;
using CrmSuite.PlaybookEngine.Tests.Support;

namespace CrmSuite.PlaybookEngine.Tests.Playbooks;

/// <summary>contact-policy.md: one contact budget for every play, validated with positions like a playbook.</summary>
public sealed class ContactPolicyFileTests
{
    private const string PolicyPath = "playbooks/contact-policy.md";

    private static string Policy(string fields) => $"---\nkind: contact-policy\n{fields}\n---\n\n# Contact policy\n";

    private static string Upgrade(string guardrails = "") => RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - when `seat_utilization >= 90%` -> Proposal

        ## Proposal

        ### Proposals

        - next-tier

        ### Transitions

        - on proposal declined -> Watching
        """, id: "upgrade-play", category: "upgrade", extra: guardrails.Length == 0 ? "" : $"guardrails:\n  {guardrails}");

    private static PlaybookLibrary Load(string policy, string? playbook = null, string? secondPolicy = null)
    {
        var files = new List<SourceFile> { new(PolicyPath, policy) };
        if (secondPolicy is not null)
        {
            files.Add(new SourceFile("playbooks/z-policy.md", secondPolicy));
        }

        files.Add(new SourceFile("playbooks/upgrade.md", playbook ?? Upgrade()));
        return PlaybookLibrary.Load(files, SignalCatalog.Default, offers: null);
    }

    private static Diagnostic Single(PlaybookLibrary library, string code) => Assert.Single(library.Diagnostics, d => d.Code == code);

    [Fact]
    public void A_policy_file_sets_the_limits_per_account_and_per_contact_and_the_touch_kinds_that_count()
    {
        var library = Load(Policy("per_account: 2 upgrade touches per 30 days\nper_contact: 1 touch per 2 weeks\ncounts: [proposal]"));

        Assert.Empty(library.Diagnostics);
        var policy = Assert.IsType<ContactPolicy>(library.ContactPolicy);
        Assert.Equal((new TouchLimit(2, 30), new TouchLimit(1, 14)), (policy.PerAccount, policy.PerContact));
        Assert.Equal(new[] { TouchKind.Proposal }, policy.Counts.ToArray());
        Assert.Single(library.Playbooks);
    }

    [Fact]
    public void Without_counts_both_proposals_and_upgrade_tasks_count()
    {
        var policy = Load(Policy("per_account: 2 touches per 30 days")).ContactPolicy!;

        Assert.Equal(new[] { TouchKind.Proposal, TouchKind.UpgradeTask }, policy.Counts.ToArray());
        Assert.Null(policy.PerContact);
    }

    [Theory]
    [InlineData("per_account: two per month", "per_account: ")]
    [InlineData("per_account: 2 touches per 0 days", "per_account: ")]
    [InlineData("per_contact: 1 touch a fortnight", "per_contact: ")]
    public void A_limit_not_written_as_touches_per_days_is_PB060_at_its_value(string line, string key)
    {
        var text = Policy(line);
        var library = Load(text);

        var error = Single(library, "PB060");
        Assert.Equal(Locate.Of(text, key, plus: key.Length), (error.Line, error.Column));
        Assert.Equal(PolicyPath, error.Path);
        Assert.Contains("`N touches per D days`", error.Message, StringComparison.Ordinal);
        Assert.Null(library.ContactPolicy);
    }

    [Fact]
    public void An_unknown_touch_kind_in_counts_is_PB060_at_the_item_with_a_suggestion()
    {
        var text = Policy("per_account: 2 touches per 30 days\ncounts: [proposal, upgrade_tsk]");
        var error = Single(Load(text), "PB060");

        Assert.Equal(Locate.Of(text, "upgrade_tsk"), (error.Line, error.Column));
        Assert.Contains("did you mean `upgrade_task`?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_field_is_PB007_since_the_limit_the_author_meant_would_stay_off()
    {
        var text = Policy("per_account: 2 touches per 30 days\nper_contcat: 1 touch per 14 days");
        var error = Single(Load(text), "PB007");

        Assert.Equal(Locate.Of(text, "per_contcat"), (error.Line, error.Column));
        Assert.Contains("did you mean `per_contact`?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_without_any_limit_is_PB060()
    {
        var library = Load(Policy("counts: [proposal]"));

        Assert.Equal(PolicyPath, Single(library, "PB060").Path);
        Assert.Null(library.ContactPolicy);
    }

    [Fact]
    public void A_second_policy_file_is_PB061_and_the_first_stays_in_force()
    {
        var library = Load(Policy("per_account: 2 touches per 30 days"), secondPolicy: Policy("per_account: 5 touches per 30 days"));

        Assert.Equal("playbooks/z-policy.md", Single(library, "PB061").Path);
        Assert.Equal(2, library.ContactPolicy!.PerAccount!.Touches);
    }

    [Fact]
    public void A_playbook_budget_equal_to_the_policy_is_read_with_warning_PB063_at_the_line_that_moved()
    {
        var playbook = Upgrade("max_upgrade_prompts_per_30_days: 2");
        var library = Load(Policy("per_account: 2 touches per 30 days"), playbook);

        var warning = Single(library, "PB063");
        Assert.Equal((Severity.Warning, Locate.Of(playbook, "max_upgrade_prompts_per_30_days: 2", plus: 33)), (warning.Severity, (warning.Line, warning.Column)));
        Assert.Contains("moved to playbooks/contact-policy.md", warning.Message, StringComparison.Ordinal);
        Assert.Single(library.Playbooks);
    }

    [Theory]
    [InlineData("per_account: 3 touches per 30 days")]
    [InlineData("per_account: 1 touch per 14 days")]
    [InlineData("per_contact: 1 touch per 14 days")]
    public void A_playbook_budget_that_disagrees_with_the_policy_is_PB062_and_the_playbook_is_not_loaded(string policyLine)
    {
        var playbook = Upgrade("max_upgrade_prompts_per_30_days: 1");
        var library = Load(Policy(policyLine), playbook);

        var error = Single(library, "PB062");
        Assert.Equal(("playbooks/upgrade.md", Locate.Of(playbook, "max_upgrade_prompts_per_30_days: 1", plus: 33)), (error.Path, (error.Line, error.Column)));
        Assert.Empty(library.Playbooks);
    }

    [Fact]
    public void The_contact_policy_kind_is_known_so_a_misspelt_kind_suggests_it()
    {
        var text = "---\nkind: contact-polcy\nper_account: 2 touches per 30 days\n---\n";
        var error = Single(Load(text), "PB006");

        Assert.Contains("did you mean `contact-policy`?", error.Message, StringComparison.Ordinal);
    }
}
