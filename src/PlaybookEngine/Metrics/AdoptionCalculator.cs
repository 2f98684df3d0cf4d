namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>
/// Usage around each upgrade: the last reading in the 30 days up to the upgrade day ("before"), and the last reading in
/// each 30-day stretch after it (days 1–30, 31–60, 61–90), as means over the upgrades that have one.
/// </summary>
internal static class AdoptionCalculator
{
    public const string NoUsageHistory = "no usage history";
    private static readonly int[] Offsets = [0, 30, 60, 90];

    public static AdoptionSummary Compute(IReadOnlyList<UpgradeMoment> upgrades, IEnumerable<UsageReading>? usage)
    {
        if (usage is null)
        {
            return new AdoptionSummary(false, NoUsageHistory, upgrades.Count, []);
        }

        var upgraded = new HashSet<string>(upgrades.Select(u => u.AccountId), StringComparer.Ordinal);
        var readings = new Dictionary<string, List<UsageReading>>(StringComparer.Ordinal);
        foreach (var r in usage)
        {
            if (!upgraded.Contains(r.AccountId))
            {
                continue;
            }

            if (!readings.TryGetValue(r.AccountId, out var list))
            {
                readings[r.AccountId] = list = [];
            }

            list.Add(r);
        }

        foreach (var list in readings.Values)
        {
            list.Sort(static (a, b) => a.Day.CompareTo(b.Day));
        }

        var sums = new (int Count, decimal Utilization, decimal Users, int Paired, decimal UtilizationChange, decimal UsersChange)[Offsets.Length];
        foreach (var u in upgrades)
        {
            if (!readings.TryGetValue(u.AccountId, out var list))
            {
                continue;
            }

            var before = LastIn(list, u.Day.AddDays(-30), u.Day);
            for (var i = 0; i < Offsets.Length; i++)
            {
                var reading = i == 0 ? before : LastIn(list, u.Day.AddDays(Offsets[i - 1] + 1), u.Day.AddDays(Offsets[i]));
                if (reading is not { } r)
                {
                    continue;
                }

                var s = sums[i];
                s.Count++;
                s.Utilization += r.SeatUtilization;
                s.Users += r.ActiveUsers;
                if (before is { } b)
                {
                    s.Paired++;
                    s.UtilizationChange += r.SeatUtilization - b.SeatUtilization;
                    s.UsersChange += r.ActiveUsers - b.ActiveUsers;
                }

                sums[i] = s;
            }
        }

        return new AdoptionSummary(true, null, upgrades.Count, [.. Offsets.Select((offset, i) => new AdoptionPoint(
            offset,
            sums[i].Count,
            Mean(sums[i].Utilization, sums[i].Count),
            Mean(sums[i].Users, sums[i].Count),
            Mean(sums[i].UtilizationChange, sums[i].Paired),
            Mean(sums[i].UsersChange, sums[i].Paired)))]);
    }

    private static UsageReading? LastIn(List<UsageReading> sorted, DateOnly first, DateOnly last)
    {
        UsageReading? found = null;
        foreach (var r in sorted)
        {
            if (r.Day > last)
            {
                break;
            }

            if (r.Day >= first)
            {
                found = r;
            }
        }

        return found;
    }

    private static decimal? Mean(decimal sum, int count) => count == 0 ? null : Math.Round(sum / count, 4, MidpointRounding.AwayFromZero);
}
