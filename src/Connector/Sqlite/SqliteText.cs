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
