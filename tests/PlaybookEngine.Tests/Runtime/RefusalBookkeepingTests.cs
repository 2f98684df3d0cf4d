using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

/// <summary>
/// Reporting a refused prompt is bookkeeping like any other: the state's other lines are still tested, their edges and
/// `for N days` counts kept, in the same evaluation.
/// </summary>
public sealed class RefusalBookkeepingTests
{
    private static readonly string Play = RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - when `seat_utilization >= 90%` -> Proposal
        - when `active_users_30d >= 10` -> Help
        - when `health >= 70` for 3 days -> Healthy

        ## Proposal

        ### Proposals

        - next-tier
          - valid: 30 days

        ### Transitions

        - on proposal declined -> Watching

        ## Help (final)

        ## Healthy (final)
        """, id: "upgrade-play", category: "upgrade", extra: """
        guardrails:
          exclude_churn_risk: true
        """);

    private static SignalVector Signals(double utilization, double activeUsers, double health, bool churnRisk)
    {
        var signals = RuntimeFixture.Signals(
            (SignalOrdinals.SeatUtilization, utilization), (SignalOrdinals.ActiveUsers30d, activeUsers), (SignalOrdinals.Health, health));
        signals[SignalOrdinals.ChurnRisk] = churnRisk ? 1 : 0;
        return signals;
    }

    [Fact]
    public void A_later_line_that_becomes_true_while_an_earlier_prompt_is_first_refused_fires_in_the_same_sync()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Play);
        var instance = playbook.Start("acc-1", fixture.Clock.GetUtcNow());

        var result = playbook.Evaluate(instance, fixture.Context(Signals(0.95, 12, 50, churnRisk: true)));

        Assert.Equal("Help", result.Instance.State);
        var suppressed = Assert.Single(result.Effects.OfType<SuppressedEffect>());
        Assert.Equal("Proposal", suppressed.To);
        Assert.Single(result.Effects.OfType<TransitionEffect>());
    }

    [Fact]
    public void A_true_day_for_a_later_line_is_not_lost_when_the_refusal_is_first_reported()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Play);
        var instance = playbook.Start("acc-1", fixture.Clock.GetUtcNow());

        // Day 0: the sustained line starts counting; the prompt is not due yet.
        instance = playbook.Evaluate(instance, fixture.Context(Signals(0.5, 5, 80, churnRisk: false))).Instance;
        fixture.AdvanceDays(1);
        // Day 1: the prompt is refused for the first time, and the health line is false: its count must restart.
        var refused = playbook.Evaluate(instance, fixture.Context(Signals(0.95, 5, 50, churnRisk: true)));
        Assert.Single(refused.Effects.OfType<SuppressedEffect>());
        instance = refused.Instance;

        var states = new List<string>();
        for (var day = 2; day <= 4; day++)
        {
            fixture.AdvanceDays(1);
            instance = playbook.Evaluate(instance, fixture.Context(Signals(0.95, 5, 80, churnRisk: true))).Instance;
            states.Add(instance.State);
        }

        // Held on days 2, 3 and 4: the third day in a row is day 4, not day 2.
        Assert.Equal(["Watching", "Watching", "Healthy"], states);
    }

    [Fact]
    public void A_refusal_already_reported_is_not_reported_again_while_the_other_lines_keep_their_bookkeeping()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Play);
        var instance = playbook.Start("acc-1", fixture.Clock.GetUtcNow());

        var first = playbook.Evaluate(instance, fixture.Context(Signals(0.95, 5, 80, churnRisk: true)));
        fixture.AdvanceDays(1);
        var second = playbook.Evaluate(first.Instance, fixture.Context(Signals(0.95, 5, 80, churnRisk: true)));
        fixture.AdvanceDays(1);
        var third = playbook.Evaluate(second.Instance, fixture.Context(Signals(0.95, 5, 80, churnRisk: true)));

        Assert.Single(first.Effects.OfType<SuppressedEffect>());
        Assert.Empty(second.Effects);
        Assert.Equal("Healthy", third.Instance.State);
        Assert.Empty(third.Effects.OfType<SuppressedEffect>());
    }
}
