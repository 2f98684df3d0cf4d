using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace CrmSuite.Connector.Store;

/// <summary>How an instance's per-condition "true since" steps are stored: comma-separated integers.</summary>
internal sealed partial class SqliteStateStore
{
    private static string FormatTrueSince(ImmutableArray<int> trueSince)
    {
        if (trueSince.IsDefaultOrEmpty)
        {
            return "";
        }

        var builder = new StringBuilder(trueSince.Length * 6);
        for (var i = 0; i < trueSince.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(trueSince[i].ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static ImmutableArray<int> ParseTrueSince(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var parts = text.Split(',');
        var values = ImmutableArray.CreateBuilder<int>(parts.Length);
        foreach (var part in parts)
        {
            values.Add(int.Parse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }

        return values.MoveToImmutable();
    }
}
