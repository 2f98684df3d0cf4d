using System.Globalization;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Sqlite;

/// <summary>How the connector's SQLite files (the embedded CRM, the state store) spell dates, money and enum values in their columns.</summary>
internal static class SqliteText
{
    public const string DateFormat = "yyyy-MM-dd";

    public static string Date(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string? Date(DateOnly? date) => date is { } d ? Date(d) : null;

    public static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, DateFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// <see cref="ParseDate(string)"/> on a column's UTF-8 bytes: a well-formed yyyy-MM-dd is read digit by digit without
    /// a string; anything else goes through the text parse, so a bad value fails the same way.
    /// </summary>
    public static DateOnly ParseDate(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 10 && utf8[4] == (byte)'-' && utf8[7] == (byte)'-'
            && TryDigits(utf8[..4], out var year) && TryDigits(utf8.Slice(5, 2), out var month) && TryDigits(utf8.Slice(8, 2), out var day)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            return new DateOnly(year, month, day);
        }

        return ParseDate(System.Text.Encoding.UTF8.GetString(utf8));
    }

    /// <summary>
    /// <see cref="ParseDecimal(string)"/> on a column's UTF-8 bytes, to the same value and scale: the form the store writes
    /// (an optional minus, up to 18 digits, an optional point and fraction: "1234.50") is read digit by digit; any other
    /// text goes through <see cref="decimal.Parse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider)"/>.
    /// </summary>
    public static decimal ParseDecimal(ReadOnlySpan<byte> utf8)
    {
        var negative = utf8.Length > 0 && utf8[0] == (byte)'-';
        var digits = 0;
        var scale = -1;
        long value = 0;
        for (var i = negative ? 1 : 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b == (byte)'.' && scale < 0)
            {
                scale = 0;
                continue;
            }

            if (b is < (byte)'0' or > (byte)'9' || ++digits > 18)
            {
                return decimal.Parse(utf8, NumberStyles.Number, CultureInfo.InvariantCulture);
            }

            value = value * 10 + (b - '0');
            scale += scale >= 0 ? 1 : 0;
        }

        // An empty text, a bare point or sign, or a negative zero: leave each to the general parse and its verdict.
        if (digits == 0 || scale == 0 || (negative && value == 0))
        {
            return decimal.Parse(utf8, NumberStyles.Number, CultureInfo.InvariantCulture);
        }

        return new decimal((int)value, (int)(value >> 32), 0, negative, (byte)Math.Max(scale, 0));
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = value * 10 + (b - '0');
        }

        return true;
    }

    public static string Decimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static decimal ParseDecimal(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static string Status(SubscriptionStatus status) => status switch
    {
        SubscriptionStatus.Active => "active",
        SubscriptionStatus.Trial => "trial",
        _ => "cancelled",
    };

    public static SubscriptionStatus ParseStatus(string text) => text switch
    {
        "active" => SubscriptionStatus.Active,
        "trial" => SubscriptionStatus.Trial,
        "cancelled" => SubscriptionStatus.Cancelled,
        _ => throw new FormatException($"unknown subscription status '{text}'"),
    };

    public static string Billing(BillingPeriod period) => period == BillingPeriod.Annual ? "annual" : "monthly";

    public static BillingPeriod ParseBilling(string text) => text switch
    {
        "monthly" => BillingPeriod.Monthly,
        "annual" => BillingPeriod.Annual,
        _ => throw new FormatException($"unknown billing period '{text}'"),
    };

    /// <summary>
    /// UTC, to the tick, so an instance's entry time survives the store unchanged: yyyy-MM-ddTHH:mm:ss.fffffffZ, which is
    /// the round-trip format of a UTC time (formatted on its fast path, where a custom format is parsed every call).
    /// </summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
