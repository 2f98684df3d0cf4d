using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// Chooses the next-best offer for an account from its signals and subscription, or declines when no real need shows.
/// Guardrails come first (cancelled, churn risk, running trial, quiet period after a decline); then the need: a tier
/// the account has outgrown (feature adoption), seats it has outgrown (sustained utilization), an add-on for its industry.
/// </summary>
internal sealed class NextBestOffer(OfferCatalog catalog, NextBestOfferPolicy? policy = null)
{
    private readonly NextBestOfferPolicy _policy = policy ?? NextBestOfferPolicy.Default;

    /// <summary>Decides what to offer today.</summary>
    public OfferDecision Decide(Account account, Subscription subscription, SignalVector signals, DateOnly? lastDeclinedOn = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(subscription);
        if (Guardrail(subscription, signals, lastDeclinedOn) is { } refusal)
        {
            return OfferDecision.None(refusal);
        }

        var book = catalog.PriceBookFor(subscription.Product);
        var tier = book?.FindTier(subscription.Tier);
        if (book is null || tier is null)
        {
            return OfferDecision.None($"no approved price book effective {catalog.Today:yyyy-MM-dd} prices {subscription.Product} tier {subscription.Tier}");
        }

        var utilization = Read(signals, SignalOrdinals.SeatUtilizationMin28d);
        var adoption = Read(signals, SignalOrdinals.FeatureAdoption);
        var active = (int)Read(signals, SignalOrdinals.ActiveUsers30d);
        var seatPressure = utilization >= _policy.SeatPressure || active > subscription.Seats;
        var next = book.NextTier(tier);
        var facts = $"lowest seat utilization over 28 days {utilization:0%}, {active} active users on {subscription.Seats} seats, feature adoption {adoption:0%}";

        if (next is not null && adoption >= _policy.TierAdoption)
        {
            var seats = Seats(subscription, active, next, catalog.FirstOfferable(OfferKind.NextTier)?.SeatHeadroom ?? 0m, seatPressure);
            var days = Read(signals, SignalOrdinals.DaysToRenewal);
            var renewing = signals.Has(SignalOrdinals.DaysToRenewal) && days >= 0 && days <= _policy.RenewalWindowDays;
            if (renewing && catalog.FirstOfferable(OfferKind.RenewalUpgrade) is { } renewal)
            {
                return new(renewal, next.Name, Seats(subscription, active, next, renewal.SeatHeadroom, seatPressure),
                    $"has outgrown {tier.Name} ({facts}) and renews in {days} days: propose {next.Name} inside the renewal");
            }

            var strong = adoption >= _policy.StrongAdoption && seatPressure;
            var trial = catalog.FirstOfferable(OfferKind.Trial, next.Name);
            if (!strong && trial is not null)
            {
                return new(trial, next.Name, subscription.Seats, $"is using most of {tier.Name} ({facts}): let the team try {next.Name} before deciding");
            }

            if (catalog.FirstOfferable(OfferKind.NextTier) is { } upgrade)
            {
                return new(upgrade, next.Name, seats, $"has outgrown {tier.Name} ({facts}): propose {next.Name}");
            }
        }

        if (seatPressure && catalog.FirstOfferable(OfferKind.SeatExpansion) is { } expansion)
        {
            var seats = Seats(subscription, active, tier, expansion.SeatHeadroom, true);
            if (seats > subscription.Seats)
            {
                return new(expansion, tier.Name, seats, $"needs more seats on {tier.Name} ({facts}): propose {seats} seats");
            }
        }

        if (adoption >= _policy.AddOnAdoption
            && catalog.Offers.FirstOrDefault(o => o.Kind == OfferKind.AddOn && o.Audience?.Industry == account.Industry && catalog.Check(o.Id).IsOk) is { } addOn)
        {
            return new(addOn, tier.Name, subscription.Seats, $"is an engaged {account.Industry} account ({facts}): propose {addOn.Title}");
        }

        return OfferDecision.None($"no sustained need: {facts}");
    }

    internal string? Guardrail(Subscription subscription, SignalVector signals, DateOnly? lastDeclinedOn)
    {
        if (subscription.Status == SubscriptionStatus.Cancelled)
        {
            return "the subscription is cancelled";
        }

        if (signals.Has(SignalOrdinals.ChurnRisk) && signals[SignalOrdinals.ChurnRisk] >= 1)
        {
            return $"churn risk (health {Read(signals, SignalOrdinals.Health):0}, change {Read(signals, SignalOrdinals.HealthChange30d):+0;-0;0} in 30 days, {Read(signals, SignalOrdinals.OpenTickets):0} open tickets): address the risk before any upgrade";
        }

        if (signals.Has(SignalOrdinals.InTrial) && signals[SignalOrdinals.InTrial] >= 1)
        {
            return "a trial is running: let it finish before proposing anything else";
        }

        if (lastDeclinedOn is { } declined && catalog.Today.DayNumber - declined.DayNumber < _policy.QuietDaysAfterDecline)
        {
            return $"quiet period: a proposal was declined on {declined:yyyy-MM-dd}, less than {_policy.QuietDaysAfterDecline} days ago";
        }

        return null;
    }

    /// <summary>Seats to propose: active users plus headroom, never fewer than today nor the tier's minimum.</summary>
    internal static int Seats(Subscription subscription, int active, Tier tier, decimal headroom, bool sizeFromUsers)
    {
        var fromUsers = sizeFromUsers ? (int)Math.Ceiling(Math.Max(active, subscription.SeatsUsed) * (1m + headroom)) : 0;
        return Math.Max(Math.Max(subscription.Seats, fromUsers), tier.MinimumSeats);
    }

    private static decimal Read(SignalVector signals, int ordinal) => signals.Has(ordinal) ? (decimal)signals[ordinal] : 0m;
}
