namespace CrmSuite.Connector.Routing;

/// <summary>
/// The weeks capacity counts in: Monday to Sunday on the calendar of the connector's time zone (<c>Sync:TimeZone</c>).
/// A task counts in the week the connector routes it (the moment its state opened it, or the sync that released it).
/// </summary>
internal static class RoutingWeek
{
    /// <summary>The Monday of the week holding <paramref name="day"/>.</summary>
    public static DateOnly Of(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The Monday of the week holding the instant <paramref name="at"/> in <paramref name="zone"/>.</summary>
    public static DateOnly Of(DateTimeOffset at, TimeZoneInfo zone) =>
        Of(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime));
}
