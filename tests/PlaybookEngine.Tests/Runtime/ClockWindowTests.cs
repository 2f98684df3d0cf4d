using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

/// <summary>
/// `N days before renewal` and `at trial end` are moments, not states of being: they fire as the renewal or the trial's
/// end comes, never for one already past. Signals are computed from the license as the sync computes them.
/// </summary>
public sealed class ClockWindowTests
{
    private static readonly string RenewalPlay = RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - 120 days before renewal -> Renewal

        ## Renewal

        ### Tasks

        - Prepare the renewal (in {{ signals.days_to_renewal | days }})
          - due: 14 days
          - deadline: renewal
          - outcomes: done

        ### Transitions

        - on outcome done -> Done

        ## Done (final)
        """);

    private static readonly string TrialPlay = RuntimeFixture.Playbook("""
        ## Trial

        ### Transitions

        - at trial end -> Decide

        ## Decide (final)
        """, start: "Trial");

    private static Subscription License(DateOnly today, int? renewalInDays = 200, int? trialEndsInDays = null) => new(
        "sub-1", "acc-1", "crm", "starter", 10, 8, BillingPeriod.Annual, 12, today.AddDays(-300),
        renewalInDays is { } r ? today.AddDays(r) : null, 500m, "EUR", SubscriptionStatus.Active,
        trialEndsInDays is null ? null : "professional", trialEndsInDays is { } t ? today.AddDays(t) : null);

    private static EvaluationResult Evaluate(string markdown, Func<DateOnly, Subscription> license)
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(markdown);
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        var signals = SignalComputer.Compute(RuntimeFixture.Account, license(today), null, today);
        return playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(signals));
    }

    [Theory]
    [InlineData(121, false)]
    [InlineData(120, true)]
    [InlineData(1, true)]
    [InlineData(0, true)]
    [InlineData(-1, false)]
    [InlineData(-31, false)]
    public void Days_before_renewal_fires_from_N_days_before_the_renewal_down_to_the_renewal_day_and_never_after_it(int renewalInDays, bool fires)
    {
        var result = Evaluate(RenewalPlay, today => License(today, renewalInDays));

        Assert.Equal(fires ? "Renewal" : "Watching", result.Instance.State);
        Assert.DoesNotContain(result.Effects.OfType<TaskEffect>(), t => t.Subject.Contains("-", StringComparison.Ordinal));
    }

    [Fact]
    public void Days_before_renewal_never_fires_without_a_renewal_date()
    {
        Assert.False(Evaluate(RenewalPlay, today => License(today, renewalInDays: null)).Changed);
    }

    [Fact]
    public void At_trial_end_fires_on_the_trials_last_day()
    {
        Assert.Equal("Decide", Evaluate(TrialPlay, today => License(today, trialEndsInDays: 0)).Instance.State);
    }

    [Fact]
    public void At_trial_end_does_not_fire_while_trial_days_are_left()
    {
        Assert.False(Evaluate(TrialPlay, today => License(today, trialEndsInDays: 1)).Changed);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-40)]
    public void At_trial_end_never_fires_for_a_trial_that_has_already_ended(int trialEndedDaysAgo)
    {
        Assert.False(Evaluate(TrialPlay, today => License(today, trialEndsInDays: trialEndedDaysAgo)).Changed);
    }

    [Fact]
    public void At_trial_end_never_fires_for_an_account_not_in_trial()
    {
        Assert.False(Evaluate(TrialPlay, today => License(today)).Changed);
    }

    [Fact]
    public void Trial_days_left_is_missing_once_the_trial_has_ended_and_zero_on_its_last_day()
    {
        var today = new DateOnly(2026, 11, 24);

        var lastDay = SignalComputer.Compute(RuntimeFixture.Account, License(today, trialEndsInDays: 0), null, today);
        var ended = SignalComputer.Compute(RuntimeFixture.Account, License(today, trialEndsInDays: -3), null, today);

        Assert.Equal(0, lastDay[SignalOrdinals.TrialDaysLeft]);
        Assert.Equal(1, lastDay[SignalOrdinals.InTrial]);
        Assert.True(double.IsNaN(ended[SignalOrdinals.TrialDaysLeft]));
        Assert.Equal(0, ended[SignalOrdinals.InTrial]);
    }
}
