using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// Builds proposals from an account's own data: a named offer, or the next-best offer when none is named. Guardrails
/// apply either way (no proposal to a cancelled account, one at churn risk, one in a trial or in a quiet period).
/// </summary>
public sealed class ProposalBuilder
{
    private readonly OfferCatalog _catalog;
    private readonly NextBestOffer _nextBest;

    /// <summary>Creates a builder over <paramref name="catalog"/> with the given next-best-offer thresholds.</summary>
    public ProposalBuilder(OfferCatalog catalog, NextBestOfferPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _nextBest = new NextBestOffer(catalog, policy);
    }

    /// <summary>
    /// Builds a proposal for <paramref name="offerId"/>, or for the next-best offer when it is null. <paramref name="today"/>
    /// must be the catalogue's day, so governance and validity are judged on the same date.
    /// </summary>
    public ProposalResult Build(
        Account account, Subscription subscription, UsageSnapshot? usage, SignalVector signals, string? offerId, DateOnly today, DateOnly? lastDeclinedOn = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(subscription);
        if (today != _catalog.Today)
        {
            throw new ArgumentException($"The offer catalogue was built for {_catalog.Today:yyyy-MM-dd}, not {today:yyyy-MM-dd}.", nameof(today));
        }

        var book = _catalog.PriceBookFor(subscription.Product);
        if (book is null)
        {
            return ProposalResult.Failed($"no approved price book for `{subscription.Product}` is effective on {today:yyyy-MM-dd}");
        }

        if (!book.Prices(subscription.Currency))
        {
            return ProposalResult.Failed($"price book v{book.Version} has no prices in {subscription.Currency}; it prices {string.Join(", ", book.Currencies)}");
        }

        if (book.FindTier(subscription.Tier) is not { } from)
        {
            return ProposalResult.Failed($"price book v{book.Version} has no tier `{subscription.Tier}`{Diagnostics.NameSuggester.Hint(subscription.Tier, book.Tiers.Select(t => t.Name))}");
        }

        OfferDecision decision;
        if (offerId is null)
        {
            decision = _nextBest.Decide(account, subscription, signals, lastDeclinedOn);
            if (!decision.IsOffer)
            {
                return new ProposalResult(null, decision, []);
            }
        }
        else
        {
            var reference = _catalog.Check(offerId);
            if (!reference.IsOk)
            {
                return ProposalResult.Failed(reference.Message);
            }

            if (_nextBest.Guardrail(subscription, signals, lastDeclinedOn) is { } refusal)
            {
                return new ProposalResult(null, OfferDecision.None(refusal), []);
            }

            var sized = Size(reference.Offer!, book, from, subscription, signals);
            if (sized.Error is not null)
            {
                return ProposalResult.Failed(sized.Error);
            }

            decision = new OfferDecision(reference.Offer, sized.Tier!.Name, sized.Seats, $"requested offer `{offerId}`");
        }

        return new ProposalResult(Compose(account, subscription, usage, book, from, decision, today), decision, []);
    }

    private static (Tier? Tier, int Seats, string? Error) Size(Offer offer, PriceBook book, Tier from, Subscription s, SignalVector signals)
    {
        var active = signals.Has(SignalOrdinals.ActiveUsers30d) ? (int)signals[SignalOrdinals.ActiveUsers30d] : s.SeatsUsed;
        switch (offer.Kind)
        {
            case OfferKind.NextTier or OfferKind.RenewalUpgrade:
                var next = book.NextTier(from);
                return next is null
                    ? (null, 0, $"offer `{offer.Id}`: the account is already on the top tier, {from.Name}")
                    : (next, NextBestOffer.Seats(s, active, next, offer.SeatHeadroom, true), null);
            case OfferKind.Trial:
                var target = book.FindTier(offer.TargetTier!);
                return target is null || target.Rank <= from.Rank
                    ? (null, 0, $"offer `{offer.Id}`: a trial of {offer.TargetTier} is no upgrade from {from.Name}")
                    : (target, Math.Max(s.Seats, target.MinimumSeats), null);
            case OfferKind.SeatExpansion:
                return (from, NextBestOffer.Seats(s, active, from, offer.SeatHeadroom, true), null);
            default:
                return offer.AddOnPrices.ContainsKey(s.Currency)
                    ? (from, s.Seats, null)
                    : (null, 0, $"offer `{offer.Id}` has no price in {s.Currency}");
        }
    }

    private static Proposal Compose(Account account, Subscription s, UsageSnapshot? usage, PriceBook book, Tier from, OfferDecision decision, DateOnly today)
    {
        var offer = decision.Offer!;
        var to = book.FindTier(decision.TargetTier!)!;
        var calculator = new PriceCalculator(book);
        var tenure = Math.Max(0, ((today.Year - s.StartDate.Year) * 12) + today.Month - s.StartDate.Month - (today.Day < s.StartDate.Day ? 1 : 0));
        var addOn = offer.Kind == OfferKind.AddOn ? offer : null;
        var path = calculator.PricePath(to.Name, decision.Seats, s.Currency, tenure, addOn);
        var sameBilling = path.Options[s.BillingPeriod == BillingPeriod.Annual ? 1 : 0].Quote;

        Quote? plainRenewal = null;
        if (offer.Kind == OfferKind.RenewalUpgrade)
        {
            plainRenewal = calculator.Quote(new QuoteRequest(from.Name, s.Seats, s.BillingPeriod, 1, s.Currency, tenure));
        }

        Proration? proration = null;
        if (offer.Kind is OfferKind.NextTier or OfferKind.SeatExpansion or OfferKind.AddOn && today >= s.StartDate)
        {
            proration = ProrationCalculator.Prorate(s, sameBilling, today);
        }

        var (roi, roiMissing) = RoiCalculator.Estimate(account, s, usage, book, from, to, decision.Seats, sameBilling.AnnualCost, addOn);
        var validUntil = today.AddDays(offer.ValidDays);
        if (offer.Effective.To is { } offerEnd && offerEnd < validUntil)
        {
            validUntil = offerEnd;
        }

        if (offer.Kind == OfferKind.RenewalUpgrade && s.RenewalDate is { } renewal && renewal > today && renewal < validUntil)
        {
            validUntil = renewal;
        }

        var draft = new Proposal(
            account.Id, account.Name, offer.Id, offer.Kind, offer.Title, from.Name, s.Seats, to.Name, decision.Seats, s.Currency, book.Version,
            ProposalNarrative.Situation(s, usage, today), ProposalNarrative.Outcomes(offer, from, to), path, plainRenewal, proration,
            roi, roiMissing, offer.TrialDays, today, validUntil, decision.Reason, "");
        return draft with { CallToAction = ProposalNarrative.CallToAction(offer, draft) };
    }
}
