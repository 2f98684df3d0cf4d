using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

/// <summary>
/// The contact policy's budget across three competing plays: priority decides who gets a slot, the per-account and
/// per-contact limits hold over their windows exactly as documented, and the provenance names what passed and what lost.
/// </summary>
public sealed class ContactBudgetTests
{
    private static readonly ImmutableArray<TouchKind> Both = [TouchKind.Proposal, TouchKind.UpgradeTask];

    private static string ProposalPlay(string id, int priority) => RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - when `seat_utilization >= 90%` -> Proposal

        ## Proposal

        ### Proposals

        - next-tier

        ### Transitions

        - on proposal declined -> Watching
        """, id: id, category: "upgrade", priority: priority);

    private static string TaskPlay(string id, int priority, string purpose = "upgrade") => RuntimeFixture.Playbook($"""
        ## Watching

        ### Transitions

        - when `seat_utilization >= 90%` -> CheckIn

        ## CheckIn

        ### Tasks

        - Ask about the next tier
          - due: 3 days
          - purpose: {purpose}
          - outcomes: done

        ### Transitions

        - on outcome done -> Watching
        """, id: id, category: "upgrade", priority: priority);

    /// <summary>Three plays wanting the same account the same day: high (proposal, 90), mid (upgrade task, 50), low (proposal, 10).</summary>
    private static PlaybookRuntime ThreePlays(ContactPolicy policy) => new(
        [RuntimeFixture.Compile(ProposalPlay("low", 10)), RuntimeFixture.Compile(TaskPlay("mid", 50)), RuntimeFixture.Compile(ProposalPlay("high", 90))], policy);

    private static ContactPolicy Policy(TouchLimit? perAccount, TouchLimit? perContact = null, ImmutableArray<TouchKind>? counts = null) =>
        new("contact-policy.md", perAccount, perContact, counts ?? Both);

    private static SignalVector High() => RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95));

    private static IEnumerable<string> Prompted(AccountEvaluation result) =>
        result.Effects.Where(e => e is ProposalEffect or TaskEffect).Select(e => e.PlaybookId).Distinct();

    [Fact]
    public void Per_account_two_touches_go_to_the_two_highest_priorities_and_the_third_play_is_suppressed_naming_them()
    {
        var result = ThreePlays(Policy(new TouchLimit(2, 30))).EvaluateAccount([], new RuntimeFixture().Context(High()));

        Assert.Equal(["high", "mid"], Prompted(result));
        var refused = Assert.Single(result.Effects.OfType<SuppressedEffect>());
        Assert.Equal(("low", GuardrailKind.AccountTouchBudget, "per_account"), (refused.PlaybookId, refused.Guardrail.Kind, refused.Guardrail.Rule));
        Assert.Equal(new[] { "high", "mid" }, refused.Guardrail.TakenBy.ToArray());
        Assert.Equal("2 of 2 touches per 30 days used by the account: proposal by `high` on 2026-11-24; upgrade_task by `mid` on 2026-11-24",
            refused.Guardrail.Detail);
    }

    [Fact]
    public void Per_contact_one_touch_in_14_days_lets_only_the_highest_priority_reach_the_contact()
    {
        var result = ThreePlays(Policy(new TouchLimit(2, 30), new TouchLimit(1, 14))).EvaluateAccount([], new RuntimeFixture().Context(High()));

        Assert.Equal(["high"], Prompted(result));
        var refused = result.Effects.OfType<SuppressedEffect>().ToList();
        Assert.Equal(["mid", "low"], refused.Select(r => r.PlaybookId));
        Assert.All(refused, r => Assert.Equal((GuardrailKind.ContactTouchBudget, "per_contact"), (r.Guardrail.Kind, r.Guardrail.Rule)));
        Assert.StartsWith("1 of 1 touch per 14 days used by contact `primary`: proposal by `high`", refused[0].Guardrail.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(13, true)]
    [InlineData(14, false)]
    public void A_touch_counts_against_per_contact_for_its_day_and_the_13_days_after_it(int daysAgo, bool refused)
    {
        var fixture = new RuntimeFixture();
        var history = new ContactHistory([], null) { Touches = [new ContactTouch(fixture.Context(High()).Today.AddDays(-daysAgo), TouchKind.UpgradeTask, "primary", "mid")] };
        var runtime = new PlaybookRuntime([RuntimeFixture.Compile(ProposalPlay("high", 90))], Policy(null, new TouchLimit(1, 14)));

        var result = runtime.EvaluateAccount([], fixture.Context(High(), history));

        Assert.Equal(refused, result.Effects.OfType<SuppressedEffect>().Any());
        Assert.Equal(!refused, result.Effects.OfType<ProposalEffect>().Any());
    }

    [Theory]
    [InlineData("mid", "CheckIn", true)]
    [InlineData("helper", "CheckIn", false)]
    [InlineData("high", "Proposal", false)]
    [InlineData("retired", "CheckIn", false)]
    public void A_task_read_back_from_the_crm_counts_as_a_touch_only_when_its_state_opens_an_upgrade_task(string playbook, string state, bool refused)
    {
        var fixture = new RuntimeFixture();
        var task = ContactTouch.OfTask(fixture.Context(High()).Today.AddDays(-5), playbook, state);
        var history = new ContactHistory([], null) { Touches = [task] };
        static string Never(string text) => text.Replace("seat_utilization >= 90%", "seat_utilization >= 200%", StringComparison.Ordinal);
        var runtime = new PlaybookRuntime(
            [RuntimeFixture.Compile(ProposalPlay("low", 10)), RuntimeFixture.Compile(Never(TaskPlay("mid", 50))),
             RuntimeFixture.Compile(Never(TaskPlay("helper", 40, "help"))), RuntimeFixture.Compile(Never(ProposalPlay("high", 90)))],
            Policy(new TouchLimit(1, 30)));

        var result = runtime.EvaluateAccount([], fixture.Context(High(), history));

        Assert.Equal(refused, result.Effects.OfType<SuppressedEffect>().Any(e => e.PlaybookId == "low"));
        Assert.Equal(!refused, result.Effects.OfType<ProposalEffect>().Any(e => e.PlaybookId == "low"));
    }

    [Theory]
    [InlineData(29, true)]
    [InlineData(30, false)]
    public void A_proposal_read_back_from_the_crm_counts_against_per_account_for_exactly_its_window(int daysAgo, bool refused)
    {
        var fixture = new RuntimeFixture();
        var history = new ContactHistory([fixture.Context(High()).Today.AddDays(-daysAgo)], null);
        var runtime = new PlaybookRuntime([RuntimeFixture.Compile(ProposalPlay("high", 90))], Policy(new TouchLimit(1, 30)));

        var result = runtime.EvaluateAccount([], fixture.Context(High(), history));

        Assert.Equal(refused, result.Effects.OfType<SuppressedEffect>().Any());
        if (refused)
        {
            Assert.Empty(Assert.Single(result.Effects.OfType<SuppressedEffect>()).Guardrail.TakenBy);
        }
    }

    [Fact]
    public void A_touch_kind_the_policy_does_not_count_neither_spends_nor_needs_a_slot()
    {
        var result = ThreePlays(Policy(new TouchLimit(1, 30), counts: [TouchKind.Proposal])).EvaluateAccount([], new RuntimeFixture().Context(High()));

        Assert.Equal(["high", "mid"], Prompted(result));
        Assert.Equal("low", Assert.Single(result.Effects.OfType<SuppressedEffect>()).PlaybookId);
    }

    [Fact]
    public void Help_is_never_limited_by_the_contact_budget()
    {
        var runtime = new PlaybookRuntime([RuntimeFixture.Compile(TaskPlay("helper", 50, purpose: "help"))], Policy(new TouchLimit(0, 30)));

        var result = runtime.EvaluateAccount([], new RuntimeFixture().Context(High()));

        Assert.Empty(result.Effects.OfType<SuppressedEffect>());
        var task = Assert.Single(result.Effects.OfType<TaskEffect>());
        Assert.Empty(task.Reason.Passed);
    }

    [Fact]
    public void The_winning_prompt_names_the_guardrails_it_passed_and_the_plays_it_outranked()
    {
        var result = ThreePlays(Policy(new TouchLimit(2, 30), new TouchLimit(1, 14))).EvaluateAccount([], new RuntimeFixture().Context(High()));

        var proposal = Assert.Single(result.Effects.OfType<ProposalEffect>());
        Assert.Equal(
            new[]
            {
                "preempted: no playbook preempting this one is engaged",
                "per_account: 0 of 2 touches per 30 days used before this one",
                "per_contact: 0 of 1 touch per 14 days used by contact `primary` before this one",
            },
            proposal.Reason.Passed.ToArray());
        Assert.Equal(new[] { "`mid` Watching -> CheckIn: per_contact", "`low` Watching -> Proposal: per_contact" }, proposal.Reason.Outranked.ToArray());
        Assert.Equal(proposal.Reason.Outranked.ToArray(), result.Effects.OfType<TransitionEffect>().Single(t => t.PlaybookId == "high").Reason.Outranked.ToArray());
    }

    [Fact]
    public void Without_a_policy_each_playbook_keeps_its_own_max_upgrade_prompts_per_30_days()
    {
        var play = RuntimeFixture.Compile(ProposalPlay("high", 90).Replace("priority: 90", "priority: 90\nguardrails:\n  max_upgrade_prompts_per_30_days: 1", StringComparison.Ordinal));
        var fixture = new RuntimeFixture();

        var result = new PlaybookRuntime([play]).EvaluateAccount([], fixture.Context(High(), new ContactHistory([fixture.Context(High()).Today], null)));

        Assert.Equal(GuardrailKind.ContactBudget, Assert.Single(result.Effects.OfType<SuppressedEffect>()).Guardrail.Kind);
    }
}
