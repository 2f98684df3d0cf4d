using System.Collections.Frozen;
using System.Globalization;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Cli;

/// <summary>One parsed cell of the `simulate` CSV: the value, or what was expected instead.</summary>
internal readonly record struct CellValue(object? Value, string? Expected)
{
    public static CellValue Of(object? value) => new(value, null);

    public static CellValue Bad(string expected) => new(null, expected);
}

/// <summary>A column of the `simulate` CSV: how its cells are read and how a value changes the account's records.</summary>
internal sealed record DailyColumn(string Name, bool IsUsage, Func<string, CellValue> Parse, Func<AccountFile.Contents, object?, AccountFile.Contents> Apply);

/// <summary>
/// The columns `simulate --signals` accepts: the account file's own fields (docs/data.md), by the same names. Signals the sync
/// computes from them (seat utilization, days to renewal, churn risk, …) are not columns: the simulation computes them as
/// the sync does, so a CSV can never show the engine an account the sync would not.
/// </summary>
internal static class DailyColumns
{
    /// <summary>The value that clears an optional field (renewal date, trial, NPS).</summary>
    public const string None = "none";

    /// <summary>Dates the simulation accepts: far enough from the calendar's ends that renewing for any term stays a date.</summary>
    public static readonly DateOnly FirstDate = new(2000, 1, 1);

    public static readonly DateOnly LastDate = new(2199, 12, 31);

    private static readonly string[] Statuses = ["active", "trial", "cancelled"];

    public static FrozenDictionary<string, DailyColumn> All { get; } = new DailyColumn[]
    {
        Sub("tier", Enum(SignalCatalog.Tiers), (s, v) => s with { Tier = (string)v! }),
        Sub("seats", Whole(0, 1_000_000), (s, v) => s with { Seats = (int)v! }),
        Sub("seats_used", Whole(0, 1_000_000), (s, v) => s with { SeatsUsed = (int)v! }),
        Sub("renewal_date", Optional(Date), (s, v) => s with { RenewalDate = (DateOnly?)v }),
        Sub("trial_tier", Optional(Enum(SignalCatalog.Tiers)), (s, v) => s with { TrialTier = (string?)v }),
        Sub("trial_end", Optional(Date), (s, v) => s with { TrialEnd = (DateOnly?)v }),
        Sub("status", Enum(Statuses), (s, v) => s with { Status = System.Enum.Parse<SubscriptionStatus>((string)v!, ignoreCase: true) }),
        Sub("mrr", Amount, (s, v) => s with { Mrr = (decimal)v! }),
        new("lifecycle_stage", false, Enum(SignalCatalog.LifecycleStages), (c, v) => c with { Account = c.Account with { LifecycleStage = (string)v! } }),
        Use("active_users_30d", Whole(0, 10_000_000), (u, v) => u with { ActiveUsers30d = (int)v! }),
        Use("feature_adoption", Percent(0m, 1m), (u, v) => u with { FeatureAdoption = (decimal)v! }),
        Use("health", Whole(0, 100), (u, v) => u with { Health = (int)v! }),
        Use("health_change_30d", Whole(-100, 100), (u, v) => u with { HealthChange30d = (int)v! }),
        Use("open_tickets", Whole(0, 1_000_000), (u, v) => u with { OpenTickets = (int)v! }),
        Use("nps", Optional(Whole(-100, 100)), (u, v) => u with { Nps = (int?)v }),
        Use("seat_utilization_min_28d", Percent(0m, null), (u, v) => u with { SeatUtilizationMin28d = (decimal)v! }),
        Use("usage_growth_30d", Percent(-1m, null), (u, v) => u with { UsageGrowth30d = (decimal)v! }),
        Use("days_since_last_login", Whole(0, 36_500), (u, v) => u with { DaysSinceLastLogin = (int)v! }),
    }.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>Signals the sync computes, with the columns to give instead.</summary>
    public static FrozenDictionary<string, string> Computed { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["seat_utilization"] = "it is seats_used / seats; give `seats_used` (and `seats`)",
        ["days_to_renewal"] = "it is counted from `renewal_date`; give `renewal_date`",
        ["churn_risk"] = "it follows from `health`, `health_change_30d`, `open_tickets` and `nps`; give those",
        ["trial_days_left"] = "it is counted from `trial_end`; give `trial_tier` and `trial_end`",
        ["in_trial"] = "it follows from `trial_tier` and `trial_end`; give those",
        ["days_since_start"] = "it is counted from the account file's `start_date`",
        ["billing_period"] = "the billing period changes only through an accepted proposal",
        ["segment"] = "the segment is the account file's",
        ["industry"] = "the industry is the account file's",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static DailyColumn Sub(string name, Func<string, CellValue> parse, Func<Subscription, object?, Subscription> apply) =>
        new(name, false, parse, (c, v) => c with { Subscription = apply(c.Subscription, v) });

    private static DailyColumn Use(string name, Func<string, CellValue> parse, Func<UsageSnapshot, object?, UsageSnapshot> apply) =>
        new(name, true, parse, (c, v) => c with { Usage = apply(c.Usage!, v) });

    private static Func<string, CellValue> Optional(Func<string, CellValue> parse) => text =>
    {
        if (string.Equals(text, None, StringComparison.OrdinalIgnoreCase))
        {
            return CellValue.Of(null);
        }

        var parsed = parse(text);
        return parsed.Expected is { } expected ? CellValue.Bad($"{expected}, or `none`") : parsed;
    };

    private static Func<string, CellValue> Enum(IReadOnlyList<string> values) =>
        text => values.FirstOrDefault(v => string.Equals(v, text, StringComparison.OrdinalIgnoreCase)) is { } known
            ? CellValue.Of(known)
            : CellValue.Bad($"one of {string.Join(", ", values)}");

    private static Func<string, CellValue> Whole(int min, int max) => text =>
        NonFinite(text) ?? (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? CellValue.Of(value)
            : CellValue.Bad($"a whole number from {min} to {max}"));

    private static CellValue Amount(string text) =>
        NonFinite(text) ?? (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? CellValue.Of(value)
            : CellValue.Bad("an amount of 0 or more, such as 1250 or 962.80"));

    // A percent is written 90% or 0.9; it is stored as the fraction, as the signal is.
    private static Func<string, CellValue> Percent(decimal min, decimal? max) => text =>
    {
        var range = max is { } top ? $"from {Show(min)} to {Show(top)}" : $"of {Show(min)} or more";
        var expected = $"a percentage {range}, such as 90% or 0.9";
        var isPercent = text.EndsWith('%');
        if (NonFinite(isPercent ? text[..^1] : text) is { } nonFinite)
        {
            return nonFinite;
        }

        if (!decimal.TryParse(isPercent ? text[..^1] : text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return CellValue.Bad(expected);
        }

        value = isPercent ? value / 100m : value;
        return value < min || value > max ? CellValue.Bad(expected) : CellValue.Of(value);
    };

    private static string Show(decimal fraction) => $"{(fraction * 100m).ToString("0.##", CultureInfo.InvariantCulture)}%";

    private static CellValue Date(string text) =>
        !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? CellValue.Bad("a calendar date yyyy-MM-dd")
            : date < FirstDate || date > LastDate
                ? CellValue.Bad($"a date from {FirstDate:yyyy-MM-dd} to {LastDate:yyyy-MM-dd}")
                : CellValue.Of(date);

    // NaN and infinities parse as doubles; they are never a value an account can have.
    private static CellValue? NonFinite(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !double.IsFinite(number)
            ? CellValue.Bad("a finite number")
            : null;
}
