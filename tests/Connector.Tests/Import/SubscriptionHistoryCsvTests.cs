using CrmSuite.Connector.Import;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Import;

public sealed class SubscriptionHistoryCsvTests : IDisposable
{
    private const string Header = "account_id,subscription_id,date,tier,seats,mrr,amount,billing_period,term_months,currency,status,paid_through\n";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Consecutive_states_become_new_expansion_contraction_and_churn_with_the_mrr_before_and_after()
    {
        var (summary, sink) = Read(
            "A1,S1,2025-01-01,starter,10,100,,,,USD,,\n"
            + "A1,S1,2025-02-01,professional,20,250,,,,USD,,\n"
            + "A1,S1,2025-03-01,professional,15,200,,,,USD,,\n"
            + "A1,S1,2025-04-01,professional,15,,,,,USD,cancelled,2025-04-30\n");

        Assert.Empty(summary.Errors);
        Assert.Equal(
            [
                (MrrMovementKind.New, 0m, 100m, (string?)null, "starter"),
                (MrrMovementKind.Expansion, 100m, 250m, "starter", "professional"),
                (MrrMovementKind.Contraction, 250m, 200m, "professional", "professional"),
                (MrrMovementKind.Churn, 200m, 0m, "professional", "professional"),
            ],
            sink.Movements.Select(m => (m.Kind, m.MrrBefore, m.MrrAfter, m.TierBefore, m.TierAfter)));
        Assert.Equal(new DateOnly(2025, 4, 30), sink.Movements[^1].PaidThrough);
        Assert.Equal(new DateOnly(2025, 2, 1), sink.Movements[1].Day);
    }

    [Fact]
    public void Cancelled_then_paying_is_a_reactivation_and_trial_then_paying_is_new_as_the_sync_classifies_them()
    {
        var (summary, sink) = Read(
            "A1,S1,2025-01-01,starter,10,100,,,,USD,,\n"
            + "A1,S1,2025-02-01,starter,10,0,,,,USD,cancelled,\n"
            + "A1,S1,2025-05-01,starter,10,100,,,,USD,,\n"
            + "A2,S2,2025-01-01,professional,5,0,,,,USD,trial,\n"
            + "A2,S2,2025-01-15,professional,5,80,,,,USD,,\n");

        Assert.Empty(summary.Errors);
        Assert.Equal(
            [MrrMovementKind.New, MrrMovementKind.Churn, MrrMovementKind.Reactivation, MrrMovementKind.New],
            sink.Movements.Select(m => m.Kind));
        Assert.Equal(new DateOnly(2025, 1, 15), sink.Movements[^1].Day);
    }

    [Fact]
    public void A_tier_or_seat_change_at_the_same_mrr_is_no_movement_but_the_next_movement_starts_from_it()
    {
        var (_, sink) = Read(
            "A1,S1,2025-01-01,starter,10,100,,,,USD,,\n"
            + "A1,S1,2025-02-01,professional,12,100,,,,USD,,\n"
            + "A1,S1,2025-03-01,professional,14,120,,,,USD,,\n");

        Assert.Equal(2, sink.Movements.Count);
        Assert.Equal(("professional", 12, 14), (sink.Movements[1].TierBefore, sink.Movements[1].SeatsBefore, sink.Movements[1].SeatsAfter));
    }

    [Fact]
    public void An_annual_amount_is_divided_by_12_and_a_multi_year_amount_by_its_term_months()
    {
        var (summary, sink) = Read(
            "A1,S1,2025-01-01,starter,10,,1200,annual,,USD,,\n"
            + "A2,S2,2025-01-01,enterprise,100,,36000,annual,36,USD,,\n"
            + "A3,S3,2025-01-01,starter,3,,45,monthly,,USD,,\n");

        Assert.Empty(summary.Errors);
        Assert.Equal([100m, 1000m, 45m], sink.Movements.Select(m => m.MrrAfter));
    }

    [Fact]
    public void Every_subscription_of_the_file_replaces_its_earlier_import_and_its_last_state_is_handed_on()
    {
        var (_, sink) = Read(
            "A1,S1,2025-01-01,starter,10,100,,,,USD,,\n"
            + "A2,S2,2025-01-01,starter,10,50,,,,EUR,,\n"
            + "A1,S1,2025-02-01,starter,12,120,,,,USD,,\n");

        Assert.Equal(["S1", "S2"], sink.Replaced);
        Assert.Equal([("S1", 120m, 12), ("S2", 50m, 10)], sink.LastSeenStates.OrderBy(s => s.SubscriptionId, StringComparer.Ordinal).Select(s => (s.SubscriptionId, s.Mrr, s.Seats)));
    }

    [Theory]
    [InlineData("A1,S1,2025-02-01,starter,10,100,,,,USD,,\nA1,S1,2025-02-01,starter,10,110,,,,USD,,\n",
        "h.csv:3: date: a second row for subscription 'S1' on 2025-02-01, first at line 2")]
    [InlineData("A1,S1,2025-02-01,starter,10,100,,,,USD,,\nA1,S1,2025-01-01,starter,10,110,,,,USD,,\n",
        "h.csv:3: date: 2025-01-01 comes after 2025-02-01 (line 2); a subscription's rows must be in date order")]
    [InlineData("A1,S1,2025-01-01,starter,10,100,,,,USD,,\nA2,S1,2025-02-01,starter,10,110,,,,USD,,\n",
        "h.csv:3: account_id: subscription 'S1' belongs to account 'A1' (line 2); expected the same account on every row")]
    [InlineData("A1,S1,2025-01-01,starter,10,100,1200,annual,,USD,,\n", "h.csv:2: amount: give mrr or amount, not both")]
    [InlineData("A1,S1,2025-01-01,starter,10,,,,,USD,,\n",
        "h.csv:2: mrr: missing; give mrr, or amount with billing_period or term_months (only a cancelled row may give neither)")]
    [InlineData("A1,S1,2025-01-01,starter,10,,1200,,,USD,,\n",
        "h.csv:2: billing_period: missing; amount needs billing_period (monthly, annual) or term_months (the months it pays for)")]
    [InlineData("A1,S1,2025-01-01,starter,10,100,,,,USD,,2025-01-31\n",
        "h.csv:2: paid_through: only a cancelled row has a last day paid for; set status to cancelled or leave it empty")]
    [InlineData("A1,S1,2025-01-01,gold,10,100,,,,USD,,\n", "h.csv:2: tier: 'gold' is not one of free, starter, professional, enterprise")]
    [InlineData("A1,S1,2025-01-01,starter,10,,1200,annual,0,USD,,\n", "h.csv:2: term_months: 0 is outside 1..2147483647")]
    [InlineData("A1,S1,01/02/2025,starter,10,100,,,,USD,,\n", "h.csv:2: date: '01/02/2025' is not a date yyyy-MM-dd")]
    [InlineData("A1,S1,2025-01-01,starter,10,100,,,,usd,,\n", "h.csv:2: currency: 'usd' is not an ISO 4217 code like USD")]
    public void A_bad_row_is_reported_as_file_line_field_and_what_was_expected(string rows, string error)
    {
        var (summary, _) = Read(rows);

        Assert.Equal(error, Assert.Single(summary.Errors).ToString().Replace(_folder.Path + Path.DirectorySeparatorChar, "", StringComparison.Ordinal));
    }

    [Fact]
    public void After_a_bad_row_nothing_more_is_handed_to_the_store_but_every_later_error_is_still_reported()
    {
        var (summary, sink) = Read(
            "A1,S1,2025-01-01,starter,10,100,,,,USD,,\n"
            + "A1,S1,2025-02-01,starter,ten,100,,,,USD,,\n"
            + "A2,S2,2025-01-01,starter,10,100,,,,USD,,\n"
            + "A2,S2,2025-02-01,starter,10,100,,,,XX,,\n");

        Assert.Equal([3, 5], summary.Errors.Select(e => e.Line));
        Assert.Single(sink.Movements);
        Assert.Empty(sink.LastSeenStates);
    }

    [Fact]
    public void A_file_without_a_required_column_is_rejected_at_its_header()
    {
        var path = _folder.Write("h.csv", "account_id,subscription_id,date,tier,mrr,currency\nA1,S1,2025-01-01,starter,100,USD\n");

        var summary = SubscriptionHistoryCsv.Read(path, new ListSink());

        Assert.Equal("header", Assert.Single(summary.Errors).Field);
        Assert.Contains("missing column(s) seats", summary.Errors[0].Reason, StringComparison.Ordinal);
    }

    private (SubscriptionHistorySummary Summary, ListSink Sink) Read(string rows)
    {
        var sink = new ListSink();
        return (SubscriptionHistoryCsv.Read(_folder.Write("h.csv", Header + rows), sink), sink);
    }

    private sealed class ListSink : ISubscriptionHistorySink
    {
        public List<string> Replaced { get; } = [];

        public List<MrrMovement> Movements { get; } = [];

        public List<MrrSnapshot> LastSeenStates { get; } = [];

        public FirstSighting? Replace(string accountId, string subscriptionId)
        {
            Replaced.Add(subscriptionId);
            return null;
        }

        public void SetAside(FirstSighting sighting) => throw new InvalidOperationException("no subscription of these tests was seen by the sync");

        public void Add(MrrMovement movement) => Movements.Add(movement);

        public void LastSeen(MrrSnapshot snapshot) => LastSeenStates.Add(snapshot);
    }
}
