using System.Globalization;

namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>A stretch of days a set of figures covers, both ends included.</summary>
internal readonly record struct ReportWindow(string Key, DateOnly From, DateOnly To)
{
    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>The period's calendar months or quarters, the first and last clipped to it.</summary>
    public static List<ReportWindow> Split(DateOnly from, DateOnly to, MetricsGrouping by)
    {
        var months = by switch
        {
            MetricsGrouping.Month => 1,
            MetricsGrouping.Quarter => 3,
            _ => 0,
        };
        if (months == 0)
        {
            return [];
        }

        var windows = new List<ReportWindow>();
        var start = new DateOnly(from.Year, (from.Month - 1) / months * months + 1, 1);
        while (start <= to)
        {
            var next = start.AddMonths(months);
            var key = months == 1
                ? start.ToString("yyyy-MM", CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{start.Year}-Q{(start.Month - 1) / 3 + 1}");
            windows.Add(new ReportWindow(key, start < from ? from : start, next.AddDays(-1) > to ? to : next.AddDays(-1)));
            start = next;
        }

        return windows;
    }

    public static string MonthKey(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
