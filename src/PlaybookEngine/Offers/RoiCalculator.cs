using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// Estimates the ROI of moving an account from one plan to another from its own numbers:
/// <c>hours/year = (users after × hours/user/week of the new tier − users before × hours/user/week of the current tier)
/// × working weeks × realization</c>; <c>value = hours/year × hourly cost</c>; <c>net benefit = value − incremental cost</c>;
/// <c>payback = incremental cost ÷ (value ÷ 12)</c> months. Users are active users capped by seats licensed; realization
/// is the account's feature adoption (how much of what it has it actually uses).
/// </summary>
internal static class RoiCalculator
{
    /// <summary>Realization assumed when the account has no usage data.</summary>
    public const decimal DefaultRealization = 0.5m;

    /// <summary>Computes the estimate, or returns null with a reason when no hourly cost is known.</summary>
    public static (RoiEstimate? Estimate, string? Missing) Estimate(
        Account account, Subscription current, UsageSnapshot? usage, PriceBook book, Tier from, Tier to, int proposedSeats, Money proposedAnnualCost, Offer? addOn = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var currency = proposedAnnualCost.Currency;
        var assumptions = ImmutableArray.CreateBuilder<RoiAssumption>();

        decimal hourlyCost;
        if (account.HourlyCost is { } own)
        {
            hourlyCost = own;
            assumptions.Add(new("Hourly cost of a user", new Money(own, currency).ToString(), "the account's own figure"));
        }
        else if (book.Roi.HourlyCost(account.Segment, currency) is { } segmentDefault)
        {
            hourlyCost = segmentDefault;
            assumptions.Add(new("Hourly cost of a user", new Money(segmentDefault, currency).ToString(), $"price book v{book.Version} default for segment {account.Segment}"));
        }
        else
        {
            return (null, $"no hourly cost: the account has none and price book v{book.Version} has no default for segment {account.Segment} in {currency}");
        }

        var active = usage?.ActiveUsers30d ?? current.SeatsUsed;
        assumptions.Add(new("Active users", active.ToString(), usage is null ? "seats assigned (no usage data)" : $"active in the 30 days to {usage.AsOf:yyyy-MM-dd}"));
        var before = Math.Min(active, current.Seats);
        var after = Math.Min(active, proposedSeats);
        assumptions.Add(new("Users benefiting", $"{before} today, {after} after", "active users capped by seats licensed; future growth is not counted"));
        assumptions.Add(new($"Hours saved per user per week on {from.Name}", from.HoursPerUserPerWeek.ToString("0.##"), Drivers(from)));
        assumptions.Add(new($"Hours saved per user per week on {to.Name}", to.HoursPerUserPerWeek.ToString("0.##"), Drivers(to)));
        var addOnHours = 0m;
        if (addOn is not null && !addOn.ValueDrivers.IsDefaultOrEmpty)
        {
            addOnHours = addOn.ValueDrivers.Sum(d => d.HoursPerUserPerWeek);
            assumptions.Add(new($"Hours saved per user per week by {addOn.Title}", addOnHours.ToString("0.##"),
                string.Join("; ", addOn.ValueDrivers.Select(d => $"{d.Name} {d.HoursPerUserPerWeek:0.##} h"))));
        }

        var weeks = book.Roi.WorkingWeeksPerYear;
        assumptions.Add(new("Working weeks per year", weeks.ToString("0.##"), $"price book v{book.Version}"));
        var realization = usage?.FeatureAdoption ?? DefaultRealization;
        assumptions.Add(new("Realization", realization.ToString("0%"), usage is null ? "assumed (no usage data)" : "the account's feature adoption over 30 days"));

        var weeklyHours = (after * (to.HoursPerUserPerWeek + addOnHours)) - (before * from.HoursPerUserPerWeek);
        var hours = Math.Max(0m, Math.Round(weeklyHours * weeks * realization, 1, MidpointRounding.AwayFromZero));
        var value = new Money(hours * hourlyCost, currency).Rounded();
        var currentAnnual = new Money(current.Mrr * 12, currency).Rounded();
        assumptions.Add(new("Current annual cost", currentAnnual.ToString(), "the subscription's MRR × 12"));
        var incremental = proposedAnnualCost - currentAnnual;
        decimal? payback = incremental.Amount <= 0 ? 0m
            : value.Amount <= 0 ? null
            : Math.Ceiling(incremental.Amount * 12m * 10m / value.Amount) / 10m;
        return (new RoiEstimate(hours, value, incremental, value - incremental, payback, assumptions.ToImmutable()), null);
    }

    private static string Drivers(Tier tier) =>
        tier.ValueDrivers.IsDefaultOrEmpty
            ? "no value drivers in the price book"
            : string.Join("; ", tier.ValueDrivers.Select(d => $"{d.Name} {d.HoursPerUserPerWeek:0.##} h"));
}
