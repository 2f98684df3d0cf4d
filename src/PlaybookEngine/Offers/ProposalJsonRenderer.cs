using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// Renders a <see cref="Proposal"/> as JSON (snake_case names, enums as strings, money as amount + currency). Every
/// top-level field except <c>internal</c> is the customer's document, the same content as the Markdown; <c>internal</c>
/// holds what only the connector and the CSM see: account, offer and tier ids, the price book version and the
/// next-best-offer reason. Each quote keeps <c>billing</c>, <c>annual_cost</c> and <c>annual_list_cost</c>, the
/// proration <c>amount_due</c>.
/// </summary>
public static class ProposalJsonRenderer
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        // The output is a JSON document, not HTML-embedded script, so '+', '<' and quotes need no \u escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The proposal as indented JSON.</summary>
    public static string Render(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var p = proposal;
        var document = new Document(
            p.AccountName, p.Title, p.IssuedOn, p.ValidUntil, p.Currency, p.Situation, p.WhyNow, p.Outcomes,
            new Plan(p.FromTierTitle, p.FromSeats), new Plan(p.ToTierTitle, p.ToSeats), p.TrialDays, p.Figures,
            new PathView(p.PricePath.Seats, [.. p.PricePath.Options.Select(o => new OptionView(o.Label, QuoteView.Of(o.Quote), o.SavingPerYear, o.SavingOverTerm, o.SavingRate))]),
            p.Proration, p.Roi, p.RoiUnavailable, p.CallToAction,
            new Internal(p.AccountId, p.OfferId, p.Kind, p.FromTier, p.ToTier, p.PriceBookVersion, p.ValidUntil, p.Reason));
        return JsonSerializer.Serialize(document, Options);
    }

    private sealed record Document(
        string AccountName, string Title, DateOnly IssuedOn, DateOnly ValidUntil, string Currency,
        ImmutableArray<string> Situation, ImmutableArray<string> WhyNow, ImmutableArray<string> Outcomes,
        Plan From, Plan To, int TrialDays, ProposalFigures Figures, PathView PricePath, Proration? Proration,
        RoiEstimate? Roi, string? RoiUnavailable, string CallToAction, Internal Internal);

    private sealed record Plan(string Name, int Seats);

    private sealed record PathView(int Seats, ImmutableArray<OptionView> Options);

    private sealed record OptionView(string Label, QuoteView Quote, Money SavingPerYear, Money SavingOverTerm, decimal SavingRate);

    private sealed record LineView(QuoteLineKind Kind, string Label, Money PerSeatPerMonth, decimal Rate, string Rule);

    private sealed record QuoteView(
        BillingPeriod Billing, int TermYears, int BilledSeats, string? SeatRule, ImmutableArray<LineView> Lines,
        Money ListPerSeatPerMonth, Money NetPerSeatPerMonth, int MonthsPerPeriod, Money NetPerPeriod, int Periods,
        Money TotalContractValue, Money AnnualCost, Money AnnualListCost)
    {
        public static QuoteView Of(Quote q) => new(
            q.Billing, q.Request.TermYears, q.BilledSeats, q.SeatRule,
            [.. q.Lines.Select(l => new LineView(l.Kind, l.Label, l.PerSeatPerMonth, l.Rate, l.Rule))],
            q.ListPerSeatPerMonth, q.NetPerSeatPerMonth, q.MonthsPerPeriod, q.NetPerPeriod, q.Periods, q.TotalContractValue,
            q.AnnualCost, q.AnnualListCost);
    }

    private sealed record Internal(
        string AccountId, string OfferId, OfferKind Kind, string FromTier, string ToTier, int PriceBookVersion, DateOnly ValidUntil, string Reason);
}
