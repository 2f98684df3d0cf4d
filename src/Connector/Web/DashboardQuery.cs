using System.Globalization;
using CrmSuite.Connector.Metrics;
using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Web;

/// <summary>
/// What the dashboard is asked for, read from the address: <c>from</c> and <c>to</c> (yyyy-MM-dd, both days included;
/// by default the 12 calendar months up to today, this month so far), <c>by</c> (the trend's step: <c>month</c>, the
/// default, or <c>quarter</c>), and the filters <c>segment</c>, <c>csm</c> (a CRM user id) and <c>playbook</c>.
/// </summary>
internal static class DashboardQuery
{
    /// <summary>The query, or the problem with it in words naming the parameter.</summary>
    public static (MetricsQuery? Query, string? Problem) Read(IQueryCollection query, DateOnly today)
    {
        var defaultFrom = new DateOnly(today.Year, today.Month, 1).AddMonths(-11);
        if (!TryDate(query, "from", defaultFrom, out var from, out var problem) || !TryDate(query, "to", today, out var to, out problem))
        {
            return (null, problem);
        }

        if (to < from)
        {
            return (null, $"from {from:yyyy-MM-dd} is after to {to:yyyy-MM-dd}.");
        }

        if (to.DayNumber - from.DayNumber > MaxDays)
        {
            return (null, $"The period from {from:yyyy-MM-dd} to {to:yyyy-MM-dd} is longer than {MaxDays / 366} years; choose a shorter one.");
        }

        MetricsGrouping by;
        switch (Text(query, "by") ?? "month")
        {
            case "month":
                by = MetricsGrouping.Month;
                break;
            case "quarter":
                by = MetricsGrouping.Quarter;
                break;
            case var other:
                return (null, $"by: expected month or quarter, got '{Excerpt.Of(other)}'.");
        }

        return (new MetricsQuery(from, to, by, new MetricsFilter(Text(query, "segment"), null, Text(query, "csm"), Text(query, "playbook"))), null);
    }

    /// <summary>The longest period a page computes: ten years of months is already a wide chart.</summary>
    private const int MaxDays = 3660;

    private static bool TryDate(IQueryCollection query, string name, DateOnly fallback, out DateOnly day, out string? problem)
    {
        problem = null;
        if (Text(query, name) is not { } text)
        {
            day = fallback;
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return true;
        }

        problem = $"{name}: expected a date yyyy-MM-dd, got '{Excerpt.Of(text)}'.";
        return false;
    }

    private static string? Text(IQueryCollection query, string name) => query[name] is { Count: > 0 } values && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
