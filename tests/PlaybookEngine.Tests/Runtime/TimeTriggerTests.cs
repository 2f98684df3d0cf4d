using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

public sealed class TimeTriggerTests
{
    [Fact]
    public void After_N_days_fires_on_the_Nth_day_in_the_state_and_not_before()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(RuntimeFixture.Playbook("""
            ## Watching

            ### Transitions

            - after 14 days -> Done

            ## Done (final)
            """));
        var instance = playbook.Start("acc-1", fixture.Clock.GetUtcNow());
        var signals = RuntimeFixture.Signals();

        fixture.AdvanceDays(13);
        var day13 = playbook.Evaluate(instance, fixture.Context(signals));
        fixture.AdvanceDays(1);
        var day14 = playbook.Evaluate(instance, fixture.Context(signals));

        Assert.False(day13.Changed);
        Assert.Equal("Done", day14.Instance.State);
    }

    [Fact]
    public void Days_before_renewal_fires_when_the_renewal_comes_within_range()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(RuntimeFixture.Playbook("""
            ## Watching

            ### Transitions

            - 120 days before renewal -> Renewal

            ## Renewal (final)
            """));
        var instance = playbook.Start("acc-1", fixture.Clock.GetUtcNow());

        var far = playbook.Evaluate(instance, fixture.Context(RuntimeFixture.Signals((SignalOrdinals.DaysToRenewal, 121))));
        var near = playbook.Evaluate(instance, fixture.Context(RuntimeFixture.Signals((SignalOrdinals.DaysToRenewal, 120))));

        Assert.False(far.Changed);
        Assert.Equal("Renewal", near.Instance.State);
    }

    [Fact]
    public void At_trial_end_fires_when_no_trial_days_are_left()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(RuntimeFixture.Playbook("""
            ## Trial

            ### Transitions

            - at trial end -> Decide

            ## Decide (final)
            """, start: "Trial"));
        var instance = playbook.Start("acc-1", fixture.Clock.GetUtcNow());

        var running = playbook.Evaluate(instance, fixture.Context(RuntimeFixture.Signals((SignalOrdinals.TrialDaysLeft, 3))));
        var ended = playbook.Evaluate(instance, fixture.Context(RuntimeFixture.Signals((SignalOrdinals.TrialDaysLeft, 0))));

        Assert.False(running.Changed);
        Assert.Equal("Decide", ended.Instance.State);
    }

    [Fact]
    public void A_sustained_condition_fires_only_after_holding_for_its_days()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(RuntimeFixture.Playbook("""
            ## Watching

            ### Transitions

            - when `seat_utilization >= 90%` for 21 days -> Qualify

            ## Qualify (final)
            """));
        var high = RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95));
        var instance = playbook.Start("acc-1", fixture.Clock.GetUtcNow());

        var results = new List<EvaluationResult>();
        for (var day = 0; day <= 21; day++)
        {
            var result = playbook.Evaluate(instance, fixture.Context(high));
            results.Add(result);
            instance = result.Instance;
            fixture.AdvanceDays(1);
        }

        Assert.All(results.Take(21), r => Assert.Empty(r.Effects));
        Assert.Equal("Qualify", results[21].Instance.State);
    }

    [Fact]
    public void A_one_day_spike_restarts_the_sustain_clock()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(RuntimeFixture.Playbook("""
            ## Watching

            ### Transitions

            - when `seat_utilization >= 90%` for 7 days -> Qualify

            ## Qualify (final)
            """));
        var high = RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95));
        var low = RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.5));
        var instance = playbook.Start("acc-1", fixture.Clock.GetUtcNow());

        foreach (var signals in new[] { high, high, high, high, low, high, high, high, high, high, high })
        {
            instance = playbook.Evaluate(instance, fixture.Context(signals)).Instance;
            fixture.AdvanceDays(1);
        }

        Assert.Equal("Watching", instance.State);
    }
}
