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
    public void A_sustained_condition_fires_at_the_Nth_consecutive_daily_observation()
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
        for (var day = 1; day <= 21; day++)
        {
            var result = playbook.Evaluate(instance, fixture.Context(high));
            results.Add(result);
            instance = result.Instance;
            fixture.AdvanceDays(1);
        }

        Assert.All(results.Take(20), r => Assert.Empty(r.Effects));
        Assert.Equal("Qualify", results[20].Instance.State);
    }

    [Fact]
    public void Several_syncs_on_one_day_count_as_one_day_of_a_sustained_condition()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(RuntimeFixture.Playbook("""
            ## Watching

            ### Transitions

            - when `seat_utilization >= 90%` for 2 days -> Qualify

            ## Qualify (final)
            """));
        var high = RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95));
        var instance = playbook.Start("acc-1", fixture.Clock.GetUtcNow());

        for (var hour = 0; hour < 12; hour++)
        {
            instance = playbook.Evaluate(instance, fixture.Context(high)).Instance;
            fixture.Clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal("Watching", instance.State);
        fixture.AdvanceDays(1);
        Assert.Equal("Qualify", playbook.Evaluate(instance, fixture.Context(high)).Instance.State);
    }

    [Fact]
    public void A_condition_sustained_for_one_day_fires_at_its_first_true_sync()
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(RuntimeFixture.Playbook("""
            ## Watching

            ### Transitions

            - when `seat_utilization >= 90%` for 1 day -> Qualify

            ## Qualify (final)
            """));

        var result = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()),
            fixture.Context(RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95))));

        Assert.Equal("Qualify", result.Instance.State);
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

        foreach (var signals in new[] { high, high, high, high, high, high, low, high, high, high, high, high, high })
        {
            instance = playbook.Evaluate(instance, fixture.Context(signals)).Instance;
            fixture.AdvanceDays(1);
        }

        Assert.Equal("Watching", instance.State);
        Assert.Equal("Qualify", playbook.Evaluate(instance, fixture.Context(high)).Instance.State);
    }
}
