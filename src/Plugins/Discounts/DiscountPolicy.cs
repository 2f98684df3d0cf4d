using System.Globalization;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.Plugins.Discounts;

/// <summary>What a seller entered on a quote or opportunity: the license it sells and the discount it grants.</summary>
/// <param name="Discount">The deal's total discount off the list price, a fraction (0.25 is 25%).</param>
internal sealed record DealTerms(string Tier, int Seats, BillingPeriod Billing, int TermYears, string Currency, int TenureMonths, decimal Discount);

internal enum DiscountStanding
{
    /// <summary>No more than the published rules give for this term and volume.</summary>
    WithinRules,

    /// <summary>Beyond the rules but within the deal desk's hard ceiling: allowed once approved.</summary>
    NeedsApproval,

    /// <summary>Beyond the hard ceiling: refused.</summary>
    BeyondCeiling,
}

/// <summary>A discount measured against the price book, with the rules that set the allowed discount, in words.</summary>
/// <param name="Allowed">What the published rules give this deal, a fraction.</param>
internal sealed record DiscountAssessment(DiscountStanding Standing, decimal Requested, decimal Allowed, decimal? Ceiling, string Explanation);

/// <summary>
/// Checks a deal's discount against the approved price book: the allowed discount is exactly what a quote of the same
/// tier, seats, billing, term and tenure would carry (each published rule, applied in the book's order), so a seller learns
/// which rule sets the limit and what term or volume would allow more.
/// </summary>
internal static class DiscountPolicy
{
    // A discount entered as a percentage with two decimals is compared to the quote's to the same precision.
    private const decimal Tolerance = 0.00005m;

    public static DiscountAssessment Assess(PriceBook book, DealTerms deal)
    {
        var quote = new PriceCalculator(book).Quote(new QuoteRequest(deal.Tier, deal.Seats, deal.Billing, deal.TermYears, deal.Currency, deal.TenureMonths));
        var allowed = quote.ListPerSeatPerMonth.Amount == 0 ? 0 : 1 - (quote.NetPerSeatPerMonth.Amount / quote.ListPerSeatPerMonth.Amount);
        var rules = quote.Lines.Where(l => l.Kind == QuoteLineKind.Discount && l.Rate > 0).Select(l => $"{l.Label} {Percent(l.Rate)} ({l.Rule})").ToList();
        var earned = rules.Count == 0 ? "no published discount applies" : string.Join(", ", rules);
        var ceiling = book.Discounts.HardCeiling;
        var where = $"price book {book.Product} v{book.Version.ToString(CultureInfo.InvariantCulture)}";
        if (deal.Discount <= allowed + Tolerance)
        {
            return new DiscountAssessment(DiscountStanding.WithinRules, deal.Discount, allowed, ceiling,
                $"{Percent(deal.Discount)} is within the {Percent(allowed)} this deal earns under {where}: {earned}");
        }

        var hint = $"this deal earns {Percent(allowed)} under {where}: {earned}; a longer term, more seats or annual billing earn more";
        if (ceiling is { } hard && deal.Discount > hard + Tolerance)
        {
            return new DiscountAssessment(DiscountStanding.BeyondCeiling, deal.Discount, allowed, ceiling,
                $"{Percent(deal.Discount)} is beyond the deal desk's hard ceiling of {Percent(hard)}; {hint}");
        }

        return new DiscountAssessment(DiscountStanding.NeedsApproval, deal.Discount, allowed, ceiling,
            $"{Percent(deal.Discount)} needs deal-desk approval: {hint}");
    }

    public static string Percent(decimal rate) => (rate * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
