using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

public sealed class EdgeTriggeringTests
{
    private static readonly string SelfLoop = RuntimeFixture.Playbook("""
        ## Watching

        ### Tasks

        - Look at usage
          - due: 2 days
          - outcomes: done

        ### Transitions

        - when `seat_utilization >= 90%` -> Watching
        """);

    [Fact]
    public void A_condition_that_becomes_true_fires_once_and_not_again_while_it_stays_true()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(SelfLoop);
        var high = RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95));
        var instance = playbook.Start("acc-1", fixture.Clock.GetUtcNow());

        var first = playbook.Evaluate(instance, fixture.Context(high));
        fixture.AdvanceDays(1);
        var second = playbook.Evaluate(first.Instance, fixture.Context(high));

        Assert.Single(first.Effects.OfType<TransitionEffect>());
        Assert.False(second.Changed);
        Assert.Empty(second.Effects);
    }

    [Fact]
    public void A_condition_fires_again_after_it_was_false_in_between()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(SelfLoop);
        var high = RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95));
        var low = RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.5));

        var first = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(high));
        var dropped = playbook.Evaluate(first.Instance, fixture.Context(low));
        var again = playbook.Evaluate(dropped.Instance, fixture.Context(high));

        Assert.Single(again.Effects.OfType<TransitionEffect>());
        Assert.Equal(2, again.Instance.Step);
    }

    [Fact]
    public void Nothing_firing_returns_the_same_instance_unchanged()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(SelfLoop);
        var instance = playbook.Start("acc-1", fixture.Clock.GetUtcNow());

        var result = playbook.Evaluate(instance, fixture.Context(RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.2))));

        Assert.False(result.Changed);
        Assert.Same(instance, result.Instance);
    }

    [Fact]
    public void A_missing_signal_never_fires_a_condition()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(SelfLoop);

        var result = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(RuntimeFixture.Signals()));

        Assert.Empty(result.Effects);
    }
}
