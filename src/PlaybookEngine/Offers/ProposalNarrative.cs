using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>The words of a proposal: situation from the account's data, outcomes, and the call to action.</summary>
internal static class ProposalNarrative
{
    public static ImmutableArray<string> Situation(Subscription s, UsageSnapshot? usage, DateOnly today)
    {
        var lines = ImmutableArray.CreateBuilder<string>();
        var utilization = s.Seats > 0 ? (decimal)s.SeatsUsed / s.Seats : 0m;
        lines.Add($"You are on {s.Tier} with {s.Seats} seats, {s.SeatsUsed} of them assigned ({utilization:0%}).");
        if (usage is not null)
        {
            lines.Add($"{usage.ActiveUsers30d} people used it in the 30 days to {usage.AsOf:yyyy-MM-dd}; seat utilization never fell below {usage.SeatUtilizationMin28d:0%} over the last 28 days.");
            lines.Add($"Your team uses {usage.FeatureAdoption:0%} of the key features of {s.Tier}; active users changed by {usage.UsageGrowth30d:+0%;-0%;0%} in 30 days.");
        }

        if (s.RenewalDate is { } renewal)
        {
            lines.Add($"Your subscription renews on {renewal:yyyy-MM-dd}, in {renewal.DayNumber - today.DayNumber} days.");
        }

        lines.Add($"You are billed {(s.BillingPeriod == BillingPeriod.Annual ? "annually" : "monthly")}, {new Money(s.Mrr, s.Currency).Rounded()} a month.");
        return lines.ToImmutable();
    }

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
            $"If you would like to try {draft.ToTier}, tell your CSM and we will switch on a {offer.TrialDays}-day trial with guided onboarding. " +
            $"Nothing is billed during the trial. At its end you choose freely: move to {draft.ToTier} at the prices above, or stay on {draft.FromTier} — nothing changes unless you decide.",
        OfferKind.RenewalUpgrade =>
            $"At renewal you can choose the plain renewal or the upgrade; both are shown above at the same terms so you can compare like with like. " +
            $"Both prices hold until {draft.ValidUntil:yyyy-MM-dd}. If neither fits, tell your CSM and we will work out what does.",
        _ =>
            $"If this fits your plans, tell your CSM which option of the price path you prefer before {draft.ValidUntil:yyyy-MM-dd}. " +
            $"There is no obligation: your current plan continues unchanged unless you choose to move.",
    };
}
