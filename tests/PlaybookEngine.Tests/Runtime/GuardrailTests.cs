using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

public sealed class GuardrailTests
{
    private static readonly string Upgrade = RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - when `seat_utilization >= 90%` -> Proposal

        ## Proposal

        ### Proposals

        - next-tier
          - valid: 30 days

        ### Transitions

        - on proposal declined -> Watching
        - on proposal accepted -> Won

        ## Won (final)
        """, id: "upgrade-play", category: "upgrade", extra: """
        guardrails:
          max_upgrade_prompts_per_30_days: 1
          quiet_days_after_decline: 45
          exclude_churn_risk: true
        """);

    private static SignalVector High(bool churnRisk = false)
    {
        var signals = RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95));
        signals[SignalOrdinals.ChurnRisk] = churnRisk ? 1 : 0;
        return signals;
    }

    [Fact]
    public void An_account_at_churn_risk_gets_no_upgrade_prompt_and_the_refusal_is_logged_once()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Upgrade);
        var instance = playbook.Start("acc-1", fixture.Clock.GetUtcNow());

        var first = playbook.Evaluate(instance, fixture.Context(High(churnRisk: true)));
        var second = playbook.Evaluate(first.Instance, fixture.Context(High(churnRisk: true)));

        var suppressed = Assert.Single(first.Effects);
        Assert.Contains("exclude_churn_risk", ((SuppressedEffect)suppressed).Guardrail.ToString(), StringComparison.Ordinal);
        Assert.Equal("Watching", second.Instance.State);
        Assert.Empty(second.Effects);
    }

    [Fact]
    public void A_refused_prompt_fires_once_the_guardrail_lifts()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Upgrade);
        var refused = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(High(churnRisk: true)));

        var lifted = playbook.Evaluate(refused.Instance, fixture.Context(High(churnRisk: false)));

        Assert.Equal("Proposal", lifted.Instance.State);
        Assert.Single(lifted.Effects.OfType<ProposalEffect>());
    }

    [Fact]
    public void No_prompt_is_made_within_the_quiet_period_after_a_decline()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Upgrade);
        var history = new ContactHistory([], DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).AddDays(-44));

        var result = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(High(), history));

        Assert.Contains("quiet_days_after_decline", Assert.IsType<SuppressedEffect>(Assert.Single(result.Effects)).Guardrail.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_contact_budget_counts_prompts_from_every_playbook()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Upgrade);
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        var history = new ContactHistory([today.AddDays(-10)], null);

        var result = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(High(), history));

        Assert.Contains("max_upgrade_prompts_per_30_days", Assert.IsType<SuppressedEffect>(Assert.Single(result.Effects)).Guardrail.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_engaged_rescue_playbook_preempts_upgrade_prompts_of_lower_priority_plays()
    {
        var fixture = new RuntimeFixture();
        var rescue = RuntimeFixture.Compile(RuntimeFixture.Playbook("""
            ## Watching

            ### Transitions

            - when `health < 40` -> Rescue

            ## Rescue

            ### Transitions

            - when `health >= 70` -> Watching
            """, id: "rescue-play", category: "rescue", priority: 100, extra: "preempts: [upgrade]"));
        var upgrade = RuntimeFixture.Compile(Upgrade);
        var runtime = new PlaybookRuntime([upgrade, rescue]);
        var signals = High();
        signals[SignalOrdinals.Health] = 30;

        var result = runtime.EvaluateAccount([], fixture.Context(signals));

        Assert.Contains(result.Effects.OfType<TransitionEffect>(), t => t.PlaybookId == "rescue-play" && t.To == "Rescue");
        var suppressed = Assert.Single(result.Effects.OfType<SuppressedEffect>());
        Assert.Equal("upgrade-play", suppressed.PlaybookId);
        Assert.Contains("rescue-play", suppressed.Guardrail.ToString(), StringComparison.Ordinal);
    }
}
