using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// Prices quotes and price paths from one price book. Discounts stack multiplicatively in a fixed, published order —
/// volume, annual billing, term, loyalty — each applied to the price left by the one before and rounded to the currency's
/// minor units per seat per month, so each line is a figure the customer can check and the lines add up exactly.
/// </summary>
public sealed class PriceCalculator
{
    private readonly PriceBook _book;

    // Labels and rules are the same for every quote of a book; built once so a quote allocates only its own figures.
    private readonly Dictionary<string, string> _anchorLabels = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<VolumeBand, string> _bandRules = [];
    private readonly Dictionary<int, string> _termRules = [];
    private readonly string _loyaltyRule = "";

    /// <summary>Creates a calculator over <paramref name="book"/>; the caller decides whether the book may be offered.</summary>
    public PriceCalculator(PriceBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        _book = book;
        foreach (var tier in book.Tiers)
        {
            _anchorLabels[tier.Name] = $"{tier.Title} list price";
        }

        foreach (var band in book.Discounts.VolumeBands)
        {
            _bandRules[band] = $"volume band {band.Label}";
        }

        foreach (var term in book.Discounts.TermDiscounts)
        {
            _termRules[term.Years] = $"{term.Years}-year term";
        }

        if (book.Discounts.Loyalty is { } loyalty)
        {
            _loyaltyRule = $"customer for {loyalty.MinTenureMonths}+ months committing to {loyalty.MinTermYears}+ years";
        }
    }

    /// <summary>The price book this calculator prices from.</summary>
    internal PriceBook Book => _book;

    /// <summary>Prices one request.</summary>
    /// <exception cref="ArgumentException">Unknown tier, unpriced currency, negative seats or a term below one year.</exception>
    public Quote Quote(QuoteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(request.Seats);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.TermYears, 1);
        var tier = _book.FindTier(request.Tier) ?? throw new ArgumentException($"Price book {_book.Product} v{_book.Version} has no tier '{request.Tier}'.", nameof(request));
        var currency = request.Currency;
        if (!_book.Prices(currency))
        {
            throw new ArgumentException($"Price book {_book.Product} v{_book.Version} has no prices in {currency}.", nameof(request));
        }

        var minimum = Math.Max(tier.MinimumSeats, 0);
        var billed = Math.Max(request.Seats, minimum);
        var seatRule = billed > request.Seats ? $"minimum of {minimum} seats on {tier.Title}" : null;

        var lines = ImmutableArray.CreateBuilder<QuoteLine>(6);
        var list = tier.ListPrice(currency);
        lines.Add(new QuoteLine(QuoteLineKind.Anchor, _anchorLabels[tier.Name], list, 0m, "list price per seat per month"));
        if (request.AddOn is { } addOn)
        {
            if (!addOn.AddOnPrices.TryGetValue(currency, out var addOnPrice))
            {
                throw new ArgumentException($"Add-on '{addOn.Id}' has no price in {currency}.", nameof(request));
            }

            var addOnList = new Money(addOnPrice, currency);
            lines.Add(new QuoteLine(QuoteLineKind.Anchor, $"{addOn.Title} list price", addOnList, 0m, "add-on list price per seat per month"));
            list += addOnList;
        }

        var running = list;
        var rules = _book.Discounts;
        if (rules.BandFor(billed) is { Rate: > 0 } band)
        {
            running = Apply(lines, running, "Volume discount", band.Rate, _bandRules[band]);
        }

        if (request.Billing == BillingPeriod.Annual && rules.AnnualBillingRate > 0)
        {
            running = Apply(lines, running, "Annual billing", rules.AnnualBillingRate, "billed annually instead of monthly");
        }

        var termRate = rules.TermRate(request.TermYears);
        if (termRate > 0)
        {
            running = Apply(lines, running, "Term discount", termRate, _termRules[request.TermYears]);
        }

        if (rules.Loyalty is { } loyalty && loyalty.Rate > 0 && request.TermYears >= loyalty.MinTermYears && request.TenureMonths >= loyalty.MinTenureMonths)
        {
            running = Apply(lines, running, "Loyalty incentive", loyalty.Rate, _loyaltyRule);
        }

        var months = request.Billing == BillingPeriod.Annual ? 12 : 1;
        var periods = request.TermYears * (12 / months);
        var perPeriod = running * (billed * months);
        return new Quote(request, _book.Version, billed, seatRule, lines.ToImmutable(), list, running, months, perPeriod, periods, perPeriod * periods);
    }

    /// <summary>
    /// The price path for <paramref name="seats"/> of <paramref name="tier"/>: monthly (1-year term), annual (1 year) and one
    /// option per multi-year term of the price book, billed annually, each with its saving over monthly.
    /// </summary>
    public PricePath PricePath(string tier, int seats, string currency, int tenureMonths = 0, Offer? addOn = null)
    {
        var monthly = Quote(new QuoteRequest(tier, seats, BillingPeriod.Monthly, 1, currency, tenureMonths, addOn));
        var options = ImmutableArray.CreateBuilder<PricePathOption>();
        options.Add(Option("Monthly", monthly, monthly));
        options.Add(Option("Annual", Quote(new QuoteRequest(tier, seats, BillingPeriod.Annual, 1, currency, tenureMonths, addOn)), monthly));
        foreach (var term in _book.Discounts.TermDiscounts)
        {
            if (term.Years > 1)
            {
                var quote = Quote(new QuoteRequest(tier, seats, BillingPeriod.Annual, term.Years, currency, tenureMonths, addOn));
                options.Add(Option($"{term.Years} years, billed annually", quote, monthly));
            }
        }

        return new PricePath(tier, monthly.BilledSeats, currency, options.ToImmutable());
    }

    private static PricePathOption Option(string label, Quote quote, Quote monthly)
    {
        var baseline = monthly.AnnualCost;
        var saving = baseline - quote.AnnualCost;
        var rate = baseline.Amount == 0m ? 0m : Math.Round(saving.Amount / baseline.Amount, 4, MidpointRounding.AwayFromZero);
        return new PricePathOption(label, quote, saving, saving * quote.Request.TermYears, rate);
    }

    private static Money Apply(ImmutableArray<QuoteLine>.Builder lines, Money running, string label, decimal rate, string rule)
    {
        var discount = (running * rate).Rounded();
        lines.Add(new QuoteLine(QuoteLineKind.Discount, label, -discount, rate, rule));
        return running - discount;
    }
}
