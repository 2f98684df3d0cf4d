using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

/// <summary>"Today" — for due dates, expiry dates and `for N days` — is the calendar day in the configured time zone.</summary>
public sealed class TimeZoneTests
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    private static readonly string CheckIn = RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - when `active_users_30d >= 10` -> CheckIn
        - when `seat_utilization >= 90%` for 2 days -> Qualify

        ## CheckIn

        ### Tasks

        - Call
          - due: 3 days
          - outcomes: done

        ### Transitions

        - on outcome done -> Watching

        ## Qualify (final)
        """);

    private static EvaluationContext At(DateTimeOffset now, SignalVector signals, TimeZoneInfo? zone = null) =>
        zone is null
            ? new EvaluationContext(RuntimeFixture.Account, signals, ContactHistory.None, now)
            : new EvaluationContext(RuntimeFixture.Account, signals, ContactHistory.None, now, zone);

    [Fact]
    public void Today_is_the_UTC_day_unless_a_time_zone_is_given()
    {
        var now = new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2026, 11, 24), At(now, RuntimeFixture.Signals()).Today);
        Assert.Equal(new DateOnly(2026, 11, 23), At(now, RuntimeFixture.Signals(), LosAngeles).Today);
    }

    [Fact]
    public void A_task_opened_in_the_evening_local_time_is_due_counted_from_the_local_day()
    {
        var playbook = RuntimeFixture.Compile(CheckIn);
        // 19:00 in Los Angeles on 23 November is already 24 November in UTC.
        var now = new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

        var result = playbook.Evaluate(playbook.Start("acc-1", now), At(now, RuntimeFixture.Signals((SignalOrdinals.ActiveUsers30d, 12)), LosAngeles));

        Assert.Equal(new DateOnly(2026, 11, 26), Assert.Single(result.Effects.OfType<TaskEffect>()).Due);
    }

    [Fact]
    public void Sustained_days_are_counted_in_local_days()
    {
        var playbook = RuntimeFixture.Compile(CheckIn);
        var high = RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.95));
        // 23:30 and 00:30 the next night in Los Angeles: two local days, one UTC day (07:30Z and 08:30Z).
        var lateEvening = new DateTimeOffset(2026, 11, 24, 7, 30, 0, TimeSpan.Zero);
        var afterMidnight = lateEvening.AddHours(1);
        var instance = playbook.Start("acc-1", lateEvening);

        var local = playbook.Evaluate(playbook.Evaluate(instance, At(lateEvening, high, LosAngeles)).Instance, At(afterMidnight, high, LosAngeles));
        var utc = playbook.Evaluate(playbook.Evaluate(instance, At(lateEvening, high)).Instance, At(afterMidnight, high));

        Assert.Equal("Qualify", local.Instance.State);
        Assert.Equal("Watching", utc.Instance.State);
    }
}
