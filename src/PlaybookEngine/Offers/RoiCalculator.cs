using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// Estimates the ROI of moving an account from one plan to another from its own numbers:
/// <c>hours/year = (users after × hours/user/week of the new tier − users before × hours/user/week of the current tier)
/// × working weeks × realization</c>; <c>value = hours/year × hourly cost</c>; <c>net benefit = value − incremental cost</c>;
/// <c>payback = incremental cost ÷ (value ÷ 12)</c> months, and the same for a conservative case counting half the value.
/// Users are active users capped by seats licensed; realization is the account's feature adoption (how much of what it has
/// it actually uses). Inputs that are not the account's own figures (price book defaults, assumed rates) are marked as
/// estimates with their source.
/// </summary>
internal static class RoiCalculator
{
    /// <summary>Realization assumed when the account has no usage data.</summary>
    public const decimal DefaultRealization = 0.5m;

    /// <summary>Computes the estimate, or returns null with a reason when no hourly cost is known.</summary>
    public static (RoiEstimate? Estimate, string? Missing) Estimate(
        Account account, Subscription current, UsageSnapshot? usage, PriceBook book, Tier from, Tier to, int proposedSeats, ProposalFigures figures, Offer? addOn = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(figures);
        var currency = figures.ProposedPerMonth.Currency;
        var assumptions = ImmutableArray.CreateBuilder<RoiAssumption>();

        decimal hourlyCost;
        if (account.HourlyCost is { } own)
        {
            hourlyCost = own;
            assumptions.Add(new("Hourly cost of a user", new Money(own, currency).ToString(), "your own figure", false));
        }
        else if (book.Roi.HourlyCost(account.Segment, currency) is { } segmentDefault)
        {
            hourlyCost = segmentDefault;
            assumptions.Add(new("Hourly cost of a user", new Money(segmentDefault, currency).ToString(), $"estimate: CrmSuite price book, typical cost for {Segment(account.Segment)} companies", true));
        }
        else
        {
            // Customer-facing: the document shows this sentence, so it names no price book version or segment id.
            return (null, "we have no figure for the cost of an hour of your team's time; share one with your CSM and we will estimate the return");
        }

        var active = usage?.ActiveUsers30d ?? current.SeatsUsed;
        assumptions.Add(new("Active users", active.ToString(), usage is null ? "seats assigned (no usage data)" : $"active in the 30 days to {usage.AsOf:yyyy-MM-dd}", false));
        var before = Math.Min(active, current.Seats);
        var after = Math.Min(active, proposedSeats);
        assumptions.Add(new("Users benefiting", $"{before} today, {after} after", "active users capped by seats licensed; future growth is not counted", false));
        assumptions.Add(new($"Hours saved per user per week on {from.Title}", from.HoursPerUserPerWeek.ToString("0.##"), Drivers(from), true));
        if (to.Name != from.Name)
        {
            assumptions.Add(new($"Hours saved per user per week on {to.Title}", to.HoursPerUserPerWeek.ToString("0.##"), Drivers(to), true));
        }

        var addOnHours = 0m;
        if (addOn is not null && !addOn.ValueDrivers.IsDefaultOrEmpty)
        {
            addOnHours = addOn.ValueDrivers.Sum(d => d.HoursPerUserPerWeek);
            assumptions.Add(new($"Hours saved per user per week by {addOn.Title}", addOnHours.ToString("0.##"),
                "estimate: CrmSuite price book, " + string.Join("; ", addOn.ValueDrivers.Select(d => $"{d.Name} {d.HoursPerUserPerWeek:0.##} h")), true));
        }

        var weeks = book.Roi.WorkingWeeksPerYear;
        assumptions.Add(new("Working weeks per year", weeks.ToString("0.##"), "estimate: CrmSuite price book", true));
        var realization = usage?.FeatureAdoption ?? DefaultRealization;
        assumptions.Add(new("Realization", realization.ToString("0%"), usage is null ? "estimate: assumed, as there is no usage data" : "your team's feature adoption over 30 days", usage is null));

        var weeklyHours = (after * (to.HoursPerUserPerWeek + addOnHours)) - (before * from.HoursPerUserPerWeek);
        var hours = Math.Max(0m, Math.Round(weeklyHours * weeks * realization, 1, MidpointRounding.AwayFromZero));
        var value = new Money(hours * hourlyCost, currency).Rounded();
        assumptions.Add(new("What you pay today per year", figures.CurrentPerYear.ToString(), "your current subscription", false));
        var incremental = figures.DifferencePerYear;
        var conservative = (value * RoiEstimate.ConservativeShare).Rounded();
        return (new RoiEstimate(
            hours, value, incremental, value - incremental, Payback(incremental, value),
            conservative, conservative - incremental, Payback(incremental, conservative), assumptions.ToImmutable()), null);
    }

    /// <summary>Months of value that pay the incremental cost, to 0.1 rounded up; 0 when the cost does not rise; null without value.</summary>
    internal static decimal? Payback(Money incremental, Money value) =>
        incremental.Amount <= 0 ? 0m
            : value.Amount <= 0 ? null
            : Math.Ceiling(incremental.Amount * 12m * 10m / value.Amount) / 10m;

    private static string Drivers(Tier tier) =>
        tier.ValueDrivers.IsDefaultOrEmpty
            ? "estimate: CrmSuite price book, no time saved counted"
            : "estimate: CrmSuite price book, " + string.Join("; ", tier.ValueDrivers.Select(d => $"{d.Name} {d.HoursPerUserPerWeek:0.##} h"));

    private static string Segment(string segment) => segment.Replace('_', '-');
}
