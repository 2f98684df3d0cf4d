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
    /// Builds a proposal for <paramref name="offerId"/>, or for the next-best offer when it is null, valid for
    /// <paramref name="validDays"/> days (a playbook's <c>valid:</c>) or, when null, the offer's <c>valid_days</c>; the
    /// expiry follows <see cref="ProposalValidity.Until"/>, the rule for the CRM proposal row's expiry too.
    /// <paramref name="today"/> must be the catalogue's day, so governance and validity are judged on the same date;
    /// <paramref name="lastDeclinedOn"/> is when the account last declined a proposal (for the quiet period).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validDays"/> is below 1.</exception>
    public ProposalResult Build(
        Account account, Subscription subscription, UsageSnapshot? usage, SignalVector signals, string? offerId, DateOnly today, DateOnly? lastDeclinedOn = null, int? validDays = null)
    {
        if (validDays is { } days)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(days, 1, nameof(validDays));
        }

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

            if (sized.Decline is not null)
            {
                return new ProposalResult(null, OfferDecision.None(sized.Decline), []);
            }

            decision = new OfferDecision(reference.Offer, sized.Tier!.Name, sized.Seats, $"requested offer `{offerId}`");
        }

        return new ProposalResult(Compose(account, subscription, usage, book, from, decision, today, validDays), decision, []);
    }

    // Error: the request cannot be honoured. Decline: it can, but the offer would give the customer nothing (no proposal, exit 0).
    private static (Tier? Tier, int Seats, string? Error, string? Decline) Size(Offer offer, PriceBook book, Tier from, Subscription s, SignalVector signals)
    {
        var active = signals.Has(SignalOrdinals.ActiveUsers30d) ? (int)signals[SignalOrdinals.ActiveUsers30d] : s.SeatsUsed;
        switch (offer.Kind)
        {
            case OfferKind.NextTier or OfferKind.RenewalUpgrade:
                var next = book.NextTier(from);
                return next is null
                    ? (null, 0, $"offer `{offer.Id}`: the account is already on the top tier, {from.Name}", null)
                    : (next, NextBestOffer.Seats(s, active, next, offer.SeatHeadroom, true), null, null);
            case OfferKind.Trial:
                var target = book.FindTier(offer.TargetTier!);
                return target is null || target.Rank <= from.Rank
                    ? (null, 0, $"offer `{offer.Id}`: a trial of {offer.TargetTier} is no upgrade from {from.Name}", null)
                    : (target, Math.Max(s.Seats, target.MinimumSeats), null, null);
            case OfferKind.SeatExpansion:
                var seats = NextBestOffer.Seats(s, active, from, offer.SeatHeadroom, true);
                return seats > s.Seats
                    ? (from, seats, null, null)
                    : (null, 0, null,
                        $"no seats to add: {active} active users and {s.SeatsUsed} seats assigned with {offer.SeatHeadroom:0%} headroom need {seats}, and the account has {s.Seats}");
            default:
                return offer.AddOnPrices.ContainsKey(s.Currency)
                    ? (from, s.Seats, null, null)
                    : (null, 0, $"offer `{offer.Id}` has no price in {s.Currency}", null);
        }
    }

    private static Proposal Compose(Account account, Subscription s, UsageSnapshot? usage, PriceBook book, Tier from, OfferDecision decision, DateOnly today, int? validDays)
    {
        var offer = decision.Offer!;
        var to = book.FindTier(decision.TargetTier!)!;
        var calculator = new PriceCalculator(book);
        var tenure = Math.Max(0, ((today.Year - s.StartDate.Year) * 12) + today.Month - s.StartDate.Month - (today.Day < s.StartDate.Day ? 1 : 0));
        var addOn = offer.Kind == OfferKind.AddOn ? offer : null;
        var path = calculator.PricePath(to.Name, decision.Seats, s.Currency, tenure, addOn);
        var sameBilling = path.Options[s.BillingPeriod == BillingPeriod.Annual ? 1 : 0].Quote;

        // The one source of the document's money: today's price from the subscription, the proposal at the same billing.
        var figures = ProposalFigures.From(s, sameBilling);

        Proration? proration = null;
        if (offer.Kind is OfferKind.NextTier or OfferKind.SeatExpansion or OfferKind.AddOn && today >= s.StartDate)
        {
            proration = ProrationCalculator.Prorate(s, sameBilling, today);
        }

        var (roi, roiMissing) = RoiCalculator.Estimate(account, s, usage, book, from, to, decision.Seats, figures, addOn);
        var validUntil = ProposalValidity.Until(offer, today, validDays, s.RenewalDate);

        var draft = new Proposal(
            account.Id, account.Name, offer.Id, offer.Kind, offer.Title, from.Name, from.Title, s.Seats, to.Name, to.Title, decision.Seats, s.Currency, book.Version,
            ProposalNarrative.Situation(s, usage, today, from, figures), ProposalNarrative.WhyNow(offer, s, usage, from, to, decision.Seats),
            ProposalNarrative.Outcomes(offer, from, to), path, figures, proration, roi, roiMissing, offer.TrialDays, today, validUntil, decision.Reason, "");
        return draft with { CallToAction = ProposalNarrative.CallToAction(offer, draft) };
    }
}
