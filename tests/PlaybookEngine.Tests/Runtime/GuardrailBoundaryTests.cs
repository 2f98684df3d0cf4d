using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

/// <summary>The guardrails' windows at their edges, the shared budget within one sync, and what a refusal says.</summary>
public sealed class GuardrailBoundaryTests
{
    private static string Upgrade(string id, int priority, string guardrails = "max_upgrade_prompts_per_30_days: 1") => RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - when `seat_utilization >= 90%` -> Proposal

        ## Proposal

        ### Proposals

        - next-tier

        ### Transitions

        - on proposal declined -> Watching
        - on proposal accepted -> Won

        ## Won (final)
        """, id: id, category: "upgrade", priority: priority, extra: $"""
        guardrails:
          {guardrails}
        """);

    private static SignalVector High() => RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95));

    private static DateOnly Today(RuntimeFixture fixture) => fixture.Context(High()).Today;

    [Theory]
    [InlineData(29, true)]
    [InlineData(30, false)]
    [InlineData(0, true)]
    public void The_contact_budget_counts_the_prompts_of_the_last_30_days_today_included(int daysAgo, bool refused)
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Upgrade("upgrade-play", 10));
        var history = new ContactHistory([Today(fixture).AddDays(-daysAgo)], null);

        var result = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(High(), history));

        Assert.Equal(refused ? "Watching" : "Proposal", result.Instance.State);
    }

    [Theory]
    [InlineData(44, true)]
    [InlineData(45, false)]
    public void The_quiet_period_refuses_prompts_for_exactly_its_days_after_a_decline(int declinedDaysAgo, bool refused)
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Upgrade("upgrade-play", 10, "quiet_days_after_decline: 45"));
        var history = new ContactHistory([], Today(fixture).AddDays(-declinedDaysAgo));

        var result = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(High(), history));

        Assert.Equal(refused ? "Watching" : "Proposal", result.Instance.State);
    }

    [Fact]
    public void A_proposal_issued_in_a_sync_spends_the_shared_budget_of_the_plays_evaluated_after_it_and_the_higher_priority_gets_it()
    {
        var fixture = new RuntimeFixture();
        var runtime = new PlaybookRuntime([RuntimeFixture.Compile(Upgrade("a-low", 10)), RuntimeFixture.Compile(Upgrade("z-high", 50))]);

        var result = runtime.EvaluateAccount([], fixture.Context(High()));

        Assert.Equal("z-high", Assert.Single(result.Effects.OfType<ProposalEffect>()).PlaybookId);
        var refused = Assert.Single(result.Effects.OfType<SuppressedEffect>());
        Assert.Equal(("a-low", "contact budget"), (refused.PlaybookId, refused.Guardrail.Kind switch { GuardrailKind.ContactBudget => "contact budget", _ => "other" }));
    }

    [Fact]
    public void Plays_of_equal_priority_are_evaluated_in_the_order_of_their_ids()
    {
        var fixture = new RuntimeFixture();
        var runtime = new PlaybookRuntime([RuntimeFixture.Compile(Upgrade("b-play", 10)), RuntimeFixture.Compile(Upgrade("a-play", 10))]);

        var result = runtime.EvaluateAccount([], fixture.Context(High()));

        Assert.Equal(["a-play", "b-play"], runtime.Playbooks.Select(p => p.Id));
        Assert.Equal("a-play", Assert.Single(result.Effects.OfType<ProposalEffect>()).PlaybookId);
    }

    [Fact]
    public void A_refusal_says_in_words_what_the_guardrail_saw()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Upgrade("upgrade-play", 10, """
            max_upgrade_prompts_per_30_days: 1
              quiet_days_after_decline: 45
              exclude_churn_risk: true
            """));
        var today = Today(fixture);
        var churn = High();
        churn[SignalOrdinals.ChurnRisk] = 1;

        string Detail(SignalVector signals, ContactHistory history) =>
            Assert.IsType<SuppressedEffect>(Assert.Single(playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(signals, history)).Effects))
                .Guardrail.Detail;

        Assert.Equal("the account is at churn risk", Detail(churn, ContactHistory.None));
        Assert.Equal($"a proposal was declined on {today.AddDays(-3):yyyy-MM-dd}, quiet for 45 days", Detail(High(), new ContactHistory([], today.AddDays(-3))));
        Assert.StartsWith("1 upgrade prompt(s) already in the last 30 days", Detail(High(), new ContactHistory([today], null)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_proposal_without_valid_days_expires_30_days_after_it_is_issued_unless_its_offer_says_otherwise()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Upgrade("upgrade-play", 10));

        var proposal = Assert.Single(playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(High())).Effects.OfType<ProposalEffect>());

        Assert.Equal((Today(fixture).AddDays(30), (int?)null), (proposal.ExpiresOn, proposal.ValidDays));
    }
}
