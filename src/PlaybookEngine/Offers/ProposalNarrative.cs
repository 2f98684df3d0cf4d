using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// The words of a proposal: situation and why-now from the account's own data, outcomes, and the call to action. Every
/// sentence here reaches the customer, so it names tiers by their titles and never uses ids, signal names or the
/// next-best-offer reasoning (that stays in <see cref="Proposal.Reason"/>).
/// </summary>
internal static class ProposalNarrative
{
    public static ImmutableArray<string> Situation(Subscription s, UsageSnapshot? usage, DateOnly today, Tier from, ProposalFigures figures)
    {
        var lines = ImmutableArray.CreateBuilder<string>();
        var utilization = s.Seats > 0 ? (decimal)s.SeatsUsed / s.Seats : 0m;
        lines.Add($"You are on {from.Title} with {s.Seats} seats, {s.SeatsUsed} of them assigned ({utilization:0%}).");
        if (usage is not null)
        {
            lines.Add($"{usage.ActiveUsers30d} people used it in the 30 days to {usage.AsOf:yyyy-MM-dd}; seat utilization never fell below {usage.SeatUtilizationMin28d:0%} over the last 28 days.");
            lines.Add($"Your team uses {usage.FeatureAdoption:0%} of the key features of {from.Title}; active users changed by {usage.UsageGrowth30d:+0%;-0%;0%} in 30 days.");
        }

        if (s.RenewalDate is { } renewal)
        {
            lines.Add($"Your subscription renews on {renewal:yyyy-MM-dd}, in {renewal.DayNumber - today.DayNumber} days.");
        }

        lines.Add(figures.CurrentBilling == BillingPeriod.Annual
            ? $"You pay {figures.CurrentPerYear} a year, billed annually ({figures.CurrentPerMonth} a month)."
            : $"You pay {figures.CurrentPerMonth} a month, billed monthly ({figures.CurrentPerYear} a year).");
        return lines.ToImmutable();
    }

    /// <summary>Why this proposal now, from the customer's own numbers.</summary>
    public static ImmutableArray<string> WhyNow(Offer offer, Subscription s, UsageSnapshot? usage, Tier from, Tier to, int toSeats)
    {
        var lines = ImmutableArray.CreateBuilder<string>();
        var active = usage?.ActiveUsers30d ?? s.SeatsUsed;
        if (usage is not null && offer.Kind != OfferKind.SeatExpansion)
        {
            lines.Add($"Your team uses {usage.FeatureAdoption:0%} of the key features of {from.Title}.");
        }

        lines.Add(offer.Kind == OfferKind.SeatExpansion && usage is not null
            ? $"{s.SeatsUsed} of your {s.Seats} seats are assigned and {active} people used CrmSuite in the last 30 days; even on the quietest day of the last four weeks, {usage.SeatUtilizationMin28d:0%} of your seats were in use."
            : $"{s.SeatsUsed} of your {s.Seats} seats are assigned and {active} people used CrmSuite in the last 30 days.");

        var gained = to.Features.Except(from.Features, StringComparer.Ordinal).ToList();
        var adds = gained.Count > 0 ? $"{to.Title} adds {Join(gained)}" : $"{to.Title} gives you more room";
        switch (offer.Kind)
        {
            case OfferKind.SeatExpansion:
                lines.Add($"{toSeats} seats give everyone who works in CrmSuite today a seat of their own, with room for new colleagues.");
                break;
            case OfferKind.AddOn:
                lines.Add($"The {offer.Title} is made for teams like yours.");
                break;
            case OfferKind.RenewalUpgrade when s.RenewalDate is { } renewal:
                lines.Add($"Your renewal on {renewal:yyyy-MM-dd} is the natural moment to change plan: {adds}, starting with your new term.");
                break;
            case OfferKind.Trial:
                lines.Add($"{adds}; a trial lets your team judge it on its own work before anything changes.");
                break;
            default:
                lines.Add($"{adds}, for the work your team already does in CrmSuite.");
                break;
        }

        return lines.ToImmutable();
    }

    private static string Join(List<string> items) =>
        items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} and {items[^1]}";

    public static ImmutableArray<string> Outcomes(Offer offer, Tier from, Tier to)
    {
        var lines = ImmutableArray.CreateBuilder<string>();
        lines.AddRange(offer.Outcomes);
        foreach (var driver in offer.ValueDrivers)
        {
            lines.Add($"{driver.Name}: {driver.Description} (about {driver.HoursPerUserPerWeek:0.##} hours per user per week).");
        }

        if (to.Rank > from.Rank)
        {
            foreach (var driver in to.ValueDrivers)
            {
                lines.Add($"{driver.Name}: {driver.Description} (about {driver.HoursPerUserPerWeek:0.##} hours per user per week).");
            }

            var gained = to.Features.Except(from.Features, StringComparer.Ordinal).ToList();
            if (gained.Count > 0)
            {
                lines.Add($"Features you gain: {string.Join(", ", gained)}.");
            }

            lines.Add($"Support: {to.Limits.Support}.");
        }

        return lines.ToImmutable();
    }

    public static string CallToAction(Offer offer, Proposal draft) => offer.Kind switch
    {
        OfferKind.Trial =>
            $"If you would like to try {draft.ToTierTitle}, tell your CSM and we will switch on a {offer.TrialDays}-day trial with guided onboarding. " +
            $"Nothing is billed during the trial. At its end you choose freely: move to {draft.ToTierTitle} at the prices above, or stay on {draft.FromTierTitle} — nothing changes unless you decide. " +
            $"This offer is open until {draft.ValidUntil:yyyy-MM-dd}.",
        OfferKind.RenewalUpgrade =>
            $"At renewal you can choose the plain renewal or the upgrade; both are shown above at the same billing so you can compare like with like. " +
            $"Both prices hold until {draft.ValidUntil:yyyy-MM-dd}. If neither fits, tell your CSM and we will work out what does.",
        _ =>
            $"If this fits your plans, tell your CSM which option of the price path you prefer by {draft.ValidUntil:yyyy-MM-dd}. " +
            $"There is no obligation: your current plan continues unchanged unless you choose to move.",
    };
}
