using System.Globalization;
using CrmSuite.Connector.Accounts;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// What the sync would refuse to evaluate, found before the simulation runs a day on it: the quarantine rules, and a
/// 28-day utilization above 100% on a tier that allows no overage. Each problem names where the value came from: the CSV
/// line and column that set it on this day, or else the account file.
/// </summary>
internal static class ImpossibleAccount
{
    /// <param name="changes">The CSV changes applied on this day (empty on a day without a row).</param>
    /// <param name="source">Where the account came from when no CSV cell changed it today: the account file, or the day.</param>
    public static List<string> Problems(AccountFile.Contents account, IReadOnlyList<DailyChange> changes, string? csvPath, string source)
    {
        var found = new List<(string Field, string Reason)>();
        var quarantine = new List<QuarantineEntry>();
        QuarantineRules.Check(account.Subscription, quarantine);
        found.AddRange(quarantine.Select(q => (q.Field, q.Reason)));
        if (account.Usage is { SeatUtilizationMin28d: > 1m } usage && QuarantineRules.HardSeatCapTiers.Contains(account.Subscription.Tier))
        {
            found.Add(("seat_utilization_min_28d",
                $"{(usage.SeatUtilizationMin28d * 100m).ToString("0.##", CultureInfo.InvariantCulture)}% is impossible on tier '{account.Subscription.Tier}', which allows no overage (at most 100%)"));
        }

        return [.. found.Select(f => Blame(f.Field, f.Reason, changes, csvPath, source))];
    }

    private static string Blame(string field, string reason, IReadOnlyList<DailyChange> changes, string? csvPath, string source)
    {
        var why = $"{reason}; the sync would quarantine the account instead of evaluating it";
        var change = changes.LastOrDefault(c => c.Column.Name == field) ?? changes.LastOrDefault();
        if (change is not null)
        {
            return $"{csvPath}:{change.Line}: column `{change.Column.Name}`: {field}: {why}";
        }

        var prefix = field == "seat_utilization_min_28d" ? "usage." : "subscription.";
        return $"{source}: {prefix}{field}: {why}";
    }
}
