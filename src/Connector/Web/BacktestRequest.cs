using System.Globalization;
using CrmSuite.Connector.Backtest;

namespace CrmSuite.Connector.Web;

/// <summary>What the backtest page posts to start a run: the window and, optionally, a folder to compare (one the host offers).</summary>
/// <param name="WarmUp">Days replayed before <paramref name="From"/> and not reported; absent, <see cref="BacktestWindow.DefaultWarmUpDays"/>.</param>
internal sealed record BacktestStart(string? From, string? To, string? Compare, int? WarmUp = null);

/// <summary>A start request checked: the window, the published folder (run A) and the compare folder (run B), if any.</summary>
internal sealed record BacktestPlan(BacktestWindow Window, string Folder, string? Compare);

/// <summary>
/// Checks a <see cref="BacktestStart"/> as `crmsuite backtest` checks its command line: dates yyyy-MM-dd, <c>from</c> not
/// after <c>to</c>, at most <see cref="BacktestWindow.MaxDays"/> days; and the compare folder must be one of
/// <paramref name="folders"/> exactly (the host's published folder or one in <c>Workbench:BacktestFolders</c>), so a browser
/// never makes the host read a path of its choosing.
/// </summary>
internal static class BacktestRequest
{
    /// <summary>The plan, or the problem in words naming the field.</summary>
    public static (BacktestPlan? Plan, string? Problem) Read(BacktestStart start, string published, IReadOnlyList<string> folders)
    {
        if (!TryDate(start.From, "from", out var from, out var problem) || !TryDate(start.To, "to", out var to, out problem))
        {
            return (null, problem);
        }

        if (from > to)
        {
            return (null, $"from {from:yyyy-MM-dd} is after to {to:yyyy-MM-dd}.");
        }

        var days = to.DayNumber - from.DayNumber + 1;
        if (days > BacktestWindow.MaxDays)
        {
            return (null, $"to: the window {from:yyyy-MM-dd} .. {to:yyyy-MM-dd} is {days} days; at most {BacktestWindow.MaxDays}.");
        }

        var warmUp = start.WarmUp ?? BacktestWindow.DefaultWarmUpDays;
        if (warmUp is < 0 or > BacktestWindow.MaxWarmUpDays)
        {
            return (null, $"warmUp: expected 0 to {BacktestWindow.MaxWarmUpDays} days, got {warmUp}.");
        }

        var compare = string.IsNullOrEmpty(start.Compare) ? null : start.Compare;
        if (compare is not null && !folders.Contains(compare, StringComparer.Ordinal))
        {
            return (null, $"compare: '{Excerpt.Of(compare)}' is not a folder this connector offers; choose one of {string.Join(", ", folders)} (Workbench:BacktestFolders).");
        }

        return (new BacktestPlan(new BacktestWindow(from, to, warmUp), published, compare), null);
    }

    private static bool TryDate(string? text, string field, out DateOnly day, out string? problem)
    {
        problem = null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return true;
        }

        problem = string.IsNullOrEmpty(text)
            ? $"{field}: expected a date yyyy-MM-dd, got nothing."
            : $"{field}: expected a date yyyy-MM-dd, got '{Excerpt.Of(text)}'.";
        return false;
    }
}
