using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

/// <summary>docs/playbook-format.md, "The reason": each signal the trigger tests is shown in the unit an author writes it in.</summary>
public sealed class ReasonReadingTests
{
    private static readonly string Play = RuntimeFixture.Playbook("""
        ## Watching

        ### Transitions

        - when `seat_utilization >= 90% and days_to_renewal <= 120 days and tier == starter and renewal_date >= 2026-01-01 and not churn_risk and health >= 10 and nps > 5 or open_tickets > 3` -> Next

        ## Next (final)
        """);

    private static IReadOnlyDictionary<string, string> Readings(SignalVector signals) =>
        Reason(signals).Readings.ToDictionary(r => r.Signal, r => r.Value);

    private static Reason Reason(SignalVector signals)
    {
        var fixture = new RuntimeFixture();
        var playbook = RuntimeFixture.Compile(Play);

        var result = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()), fixture.Context(signals));

        return Assert.Single(result.Effects.OfType<TransitionEffect>()).Reason;
    }

    [Fact]
    public void Each_reading_is_written_in_its_signal_unit()
    {
        var readings = Readings(RuntimeFixture.Signals(
            (SignalOrdinals.SeatUtilization, 0.935),
            (SignalOrdinals.DaysToRenewal, 45),
            (SignalOrdinals.Tier, SignalCatalog.Tiers.IndexOf("starter")),
            (SignalOrdinals.RenewalDate, new DateOnly(2027, 1, 8).DayNumber),
            (SignalOrdinals.Health, 72.456),
            (SignalOrdinals.Nps, 9),
            (SignalOrdinals.OpenTickets, 0)));

        Assert.Equal("93.5%", readings["seat_utilization"]);
        Assert.Equal("45 days", readings["days_to_renewal"]);
        Assert.Equal("starter", readings["tier"]);
        Assert.Equal("2027-01-08", readings["renewal_date"]);
        Assert.Equal("false", readings["churn_risk"]);
        Assert.Equal("72.46", readings["health"]);
        Assert.Equal("9", readings["nps"]);
        Assert.Equal("0", readings["open_tickets"]);
    }

    [Fact]
    public void A_true_flag_reads_true_and_a_signal_the_account_lacks_reads_missing()
    {
        var signals = RuntimeFixture.Signals((SignalOrdinals.OpenTickets, 4), (SignalOrdinals.ChurnRisk, 1));

        var readings = Readings(signals);

        Assert.Equal("true", readings["churn_risk"]);
        Assert.Equal("missing", readings["seat_utilization"]);
        Assert.Equal("missing", readings["tier"]);
        Assert.Equal("4", readings["open_tickets"]);
    }

    [Fact]
    public void Readings_list_the_signals_in_catalogue_order_one_each()
    {
        var reason = Reason(RuntimeFixture.Signals((SignalOrdinals.OpenTickets, 4)));

        Assert.Equal(
            ["seat_utilization", "health", "days_to_renewal", "tier", "open_tickets", "nps", "churn_risk", "renewal_date"],
            reason.Readings.Select(r => r.Signal).ToArray());
    }

    [Fact]
    public void A_reason_in_one_line_is_the_trigger_as_written_then_its_readings()
    {
        var reason = Reason(RuntimeFixture.Signals((SignalOrdinals.OpenTickets, 4)));

        Assert.StartsWith(reason.Trigger + " (seat_utilization = missing, health = missing, ", reason.ToString(), StringComparison.Ordinal);
        Assert.EndsWith(", open_tickets = 4, nps = missing, churn_risk = false, renewal_date = missing)", reason.ToString(), StringComparison.Ordinal);
        Assert.Equal("after 21 days", new Reason("CheckIn", "Watching", "after 21 days", []).ToString());
    }

    [Fact]
    public void An_event_reads_as_the_trigger_an_author_writes_for_it()
    {
        Assert.Equal("outcome not_now", PlaybookEvent.Outcome("not_now").ToString());
        Assert.Equal("proposal accepted", new PlaybookEvent(PlaybookEventKind.ProposalAccepted).ToString());
        Assert.Equal("proposal declined", new PlaybookEvent(PlaybookEventKind.ProposalDeclined).ToString());
        Assert.Equal("proposal expired", new PlaybookEvent(PlaybookEventKind.ProposalExpired).ToString());
    }

    [Fact]
    public void A_percentage_reads_with_at_most_one_decimal_and_an_enum_value_outside_the_list_reads_unknown()
    {
        var readings = Readings(RuntimeFixture.Signals((SignalOrdinals.SeatUtilization, 0.92345), (SignalOrdinals.Tier, SignalCatalog.Tiers.Length), (SignalOrdinals.OpenTickets, 4)));

        Assert.Equal("92.3%", readings["seat_utilization"]);
        Assert.Equal("unknown", readings["tier"]);
    }
}
