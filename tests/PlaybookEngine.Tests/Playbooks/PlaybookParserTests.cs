using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Tests.Support;
using static CrmSuite.PlaybookEngine.Tests.Support.Validation;

namespace CrmSuite.PlaybookEngine.Tests.Playbooks;

public sealed class PlaybookParserTests
{
    private static PlaybookDefinition Parse(string text)
    {
        var library = Load(text);
        Assert.Empty(library.Diagnostics);
        return Assert.Single(library.Playbooks);
    }

    [Fact]
    public void Front_matter_fields_are_read_into_the_definition()
    {
        var playbook = Parse(PlaybookText.Valid()
            .Field("kind", "playbook")
            .Field("priority", "70")
            .Field("applies_to", "  tier: [starter, Professional]\n  segment: smb")
            .Field("guardrails", "  max_upgrade_prompts_per_30_days: 1\n  quiet_days_after_decline: 60\n  exclude_churn_risk: true")
            .Field("preempts", "[upgrade, trial]")
            .Build());

        Assert.Equal(("test-play", "Test play", 1, PlaybookStatus.Approved, PlaybookCategory.Upgrade, 70, "Watching"),
            (playbook.Id, playbook.Title, playbook.Version, playbook.Status, playbook.Category, playbook.Priority, playbook.Start));
        Assert.Equal(["starter", "professional"], playbook.AppliesTo.Filters["tier"].ToArray());
        Assert.Equal(["smb"], playbook.AppliesTo.Filters["segment"].ToArray());
        Assert.Equal(new Guardrails(1, 60, true), playbook.Guardrails);
        Assert.Equal([PlaybookCategory.Upgrade, PlaybookCategory.Trial], playbook.Preempts.ToArray());
    }

    [Fact]
    public void Omitted_optional_fields_mean_everyone_no_guardrails_and_priority_zero()
    {
        var playbook = Parse(PlaybookText.Valid().Build());

        Assert.Same(AppliesTo.Everyone, playbook.AppliesTo);
        Assert.Same(Guardrails.None, playbook.Guardrails);
        Assert.Equal(0, playbook.Priority);
        Assert.Empty(playbook.Preempts);
    }

    [Fact]
    public void States_are_read_in_order_with_the_final_marker()
    {
        var playbook = Parse(PlaybookText.Valid().Build());

        Assert.Equal(["Watching", "CheckIn", "Proposal", "Done"], playbook.States.Select(s => s.Name));
        Assert.Equal([false, false, false, true], playbook.States.Select(s => s.IsFinal));
        Assert.Equal("The account is within its limits.", playbook.States[0].Description);
    }

    [Fact]
    public void Transitions_keep_their_kind_condition_outcome_and_target_in_list_order()
    {
        var playbook = Parse(PlaybookText.Valid().Build());
        var checkIn = playbook.FindState("CheckIn")!;

        Assert.Equal("seat_utilization >= 90%", playbook.States[0].Transitions[0].Condition);
        Assert.Equal(
            [(TriggerKind.Outcome, "yes", 0, "Proposal"), (TriggerKind.Outcome, "no", 0, "Done"), (TriggerKind.After, null, 14, "Watching")],
            checkIn.Transitions.Select(t => (t.Kind, t.Outcome, t.Days, t.Target)));
    }

    [Theory]
    [InlineData("when `health < 40` for 2 weeks -> Done", TriggerKind.When, 14)]
    [InlineData("after 3 days -> Done", TriggerKind.After, 3)]
    [InlineData("120 days before renewal -> Done", TriggerKind.BeforeRenewal, 120)]
    [InlineData("at trial end -> Done", TriggerKind.TrialEnd, 0)]
    [InlineData("on proposal accepted → Done", TriggerKind.ProposalAccepted, 0)]
    [InlineData("on proposal declined -> Done", TriggerKind.ProposalDeclined, 0)]
    [InlineData("on proposal expired -> Done", TriggerKind.ProposalExpired, 0)]
    [InlineData("WHEN `churn_risk` -> Done", TriggerKind.When, 0)]
    public void Each_trigger_form_is_read_with_its_duration_in_days(string line, TriggerKind kind, int days)
    {
        // The line replaces the whole list, so it never repeats a trigger already there (PB038).
        var text = PlaybookText.Valid().BuildWith(
            "- on proposal accepted -> Done\n- on proposal declined -> Done\n- on proposal expired -> Done", "- " + line);

        var transition = Parse(text).FindState("Proposal")!.Transitions[^1];

        Assert.Equal((kind, days, "Done"), (transition.Kind, transition.Days, transition.Target));
    }

    [Fact]
    public void Task_properties_are_read_and_the_subject_keeps_its_template()
    {
        var task = Assert.Single(Parse(PlaybookText.Valid().Build()).FindState("CheckIn")!.Tasks);

        Assert.Equal(("Check in with {{ account.name }}", 3, "csm", TaskPriority.High), (task.Subject, task.DueDays, task.OwnerRole, task.Priority));
        Assert.Equal(["yes", "no"], task.Outcomes.ToArray());
    }

    [Fact]
    public void Task_owner_and_priority_default_to_csm_and_normal()
    {
        var text = PlaybookText.Valid().BuildWith("  - owner: csm\n  - priority: high\n", "");

        var task = Assert.Single(Parse(text).FindState("CheckIn")!.Tasks);

        Assert.Equal(("csm", TaskPriority.Normal), (task.OwnerRole, task.Priority));
    }

    [Fact]
    public void Proposal_reads_the_offer_id_and_validity_leaving_it_to_the_offer_when_absent()
    {
        var withValidity = Parse(PlaybookText.Valid().BuildWith("valid: 30 days", "valid: 2 weeks")).FindState("Proposal")!.Proposals[0];
        var withoutValidity = Parse(PlaybookText.Valid().BuildWith("  - valid: 30 days\n", "")).FindState("Proposal")!.Proposals[0];

        Assert.Equal(("next-tier", 14), (withValidity.OfferId, withValidity.ValidDays));
        Assert.Null(withoutValidity.ValidDays);
    }

    [Fact]
    public void Talk_track_and_objections_keep_their_markdown()
    {
        var text = PlaybookText.Valid().BuildWith("Ask about their plans.", "Ask about their plans.\n\n### Objection: cost\n\nShow the **annual** saving.");

        var state = Parse(text).FindState("CheckIn")!;

        Assert.Equal("Ask about their plans.", state.TalkTrack);
        var objection = Assert.Single(state.Objections);
        Assert.Equal(("cost", "Show the **annual** saving."), (objection.Topic, objection.Markdown));
    }

    [Fact]
    public void A_state_that_issues_a_proposal_prompts_an_upgrade_in_any_category()
    {
        var playbook = Parse(PlaybookText.Valid().Field("category", "renewal").BuildWith("  - purpose: upgrade\n", ""));

        Assert.True(playbook.FindState("Proposal")!.PromptsUpgrade);
        Assert.False(playbook.FindState("CheckIn")!.PromptsUpgrade);
    }

    [Theory]
    [InlineData("upgrade", "purpose: upgrade", true)]
    [InlineData("trial", "purpose: help", false)]
    [InlineData("adoption", "", false)]
    [InlineData("onboarding", "purpose: upgrade", true)]
    [InlineData("rescue", "", false)]
    public void A_state_that_opens_tasks_prompts_an_upgrade_only_when_a_task_says_purpose_upgrade(string category, string purpose, bool prompts)
    {
        var text = PlaybookText.Valid().Field("category", category).BuildWith("  - purpose: upgrade\n", purpose.Length == 0 ? "" : $"  - {purpose}\n");

        var checkIn = Parse(text).FindState("CheckIn")!;

        Assert.Equal(prompts, checkIn.PromptsUpgrade);
    }

    [Fact]
    public void A_task_in_a_state_that_issues_a_proposal_is_an_upgrade_prompt_unless_it_says_otherwise()
    {
        var text = PlaybookText.Valid().BuildWith("### Proposals", """
            ### Tasks

            - Send the proposal
              - due: 2 days
              - outcomes: sent

            ### Proposals
            """);

        var proposal = Parse(text).FindState("Proposal")!;

        Assert.Equal(TaskPurpose.Upgrade, proposal.PurposeOf(proposal.Tasks.Single()));
    }

    [Fact]
    public void Windows_line_endings_give_the_same_positions()
    {
        var text = PlaybookText.Valid().BuildWith("-> CheckIn", "-> ChekIn");

        var unix = DiagnosticsOf(text).Single(d => d.Code == "PB011");
        var windows = DiagnosticsOf(text.Replace("\n", "\r\n", StringComparison.Ordinal)).Single(d => d.Code == "PB011");

        Assert.Equal((unix.Line, unix.Column), (windows.Line, windows.Column));
    }
}
