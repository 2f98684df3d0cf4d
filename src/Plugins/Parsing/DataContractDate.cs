using System.Globalization;

namespace CrmSuite.Plugins.Parsing;

/// <summary>
/// The WCF DataContract date form Dataverse's webhook JSON uses: <c>/Date(1506409448000)/</c> or
/// <c>/Date(1506409448000-0700)/</c>. The milliseconds since 1970-01-01 are UTC in both; the offset only records the zone
/// of the machine that wrote it, so the instant is kept in UTC and the offset applied to the value shown.
/// </summary>
internal static class DataContractDate
{
    private const string Prefix = "/Date(";
    private const string Suffix = ")/";

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || !text.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var inner = text.AsSpan(Prefix.Length, text.Length - Prefix.Length - Suffix.Length);
        var offsetAt = inner.Length > 1 ? inner[1..].IndexOfAny('+', '-') : -1;
        var millisText = offsetAt < 0 ? inner : inner[..(offsetAt + 1)];
        // A day inside DateTimeOffset's range, so that showing the instant in any zone cannot overflow.
        if (!long.TryParse(millisText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var millis)
            || millis < DateTimeOffset.MinValue.AddDays(1).ToUnixTimeMilliseconds() || millis > DateTimeOffset.MaxValue.AddDays(-1).ToUnixTimeMilliseconds())
        {
            return false;
        }

        var instant = DateTimeOffset.FromUnixTimeMilliseconds(millis);
        if (offsetAt < 0)
        {
            value = instant;
            return true;
        }

        var zone = inner[(offsetAt + 1)..];
        if (zone.Length != 5 || !int.TryParse(zone[1..3], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(zone[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || hours > 14 || minutes > 59)
        {
            return false;
        }

        var offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
        value = instant.ToOffset(offset);
        return true;
    }
}
