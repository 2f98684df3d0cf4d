using System.Globalization;
using System.Text;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>OData literals and query pieces as the Web API expects them in a URL.</summary>
internal static class OData
{
    /// <summary>Characters Dataverse refuses in an alternate-key value inside a URL ("Use an alternate key to reference a record").</summary>
    private static readonly char[] ForbiddenInKey = ['/', '<', '>', '*', '%', '&', ':', '\\', '?', '+'];

    /// <summary>A row addressed by its primary key: <c>accounts(3fa8…)</c>.</summary>
    public static string ById(string entitySet, string id) => $"{entitySet}({Guid(id)})";

    /// <summary>A row addressed by an alternate key: <c>tasks(cs_stepkey='K1')</c>.</summary>
    public static string ByKey(string entitySet, string column, string value)
    {
        if (value.Length == 0 || value.IndexOfAny(ForbiddenInKey) >= 0)
        {
            throw new ArgumentException(
                $"The key '{value}' of {entitySet} cannot address a Dataverse row in a URL: keys use letters, digits, '-' and '_' only.", nameof(value));
        }

        return $"{entitySet}({column}={Uri.EscapeDataString(Text(value))})";
    }

    /// <summary>A string literal, single quotes doubled.</summary>
    public static string Text(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The id as Dataverse spells a GUID (lower-case D format); a clear error for anything else.</summary>
    public static string Guid(string id) =>
        System.Guid.TryParse(id, out var guid)
            ? guid.ToString("D")
            : throw new ArgumentException($"'{id}' is not a Dataverse row id (a GUID).", nameof(id));

    /// <summary>True when <paramref name="id"/> can be a Dataverse row id.</summary>
    public static bool IsGuid(string id) => System.Guid.TryParse(id, out _);

    /// <summary>
    /// A lookup equal to any of the ids: <c>(_x_value eq … or _x_value eq …)</c>. Plain OData rather than
    /// <c>Microsoft.Dynamics.CRM.In</c>, whose PropertyName takes attribute names that differ from a lookup's property name.
    /// </summary>
    public static string AnyOf(string lookupProperty, IEnumerable<string> ids) =>
        "(" + string.Join(" or ", ids.Select(id => $"{lookupProperty} eq {Guid(id)}")) + ")";

    /// <summary><c>Microsoft.Dynamics.CRM.In</c> over string values.</summary>
    public static string InTexts(string column, IEnumerable<string> values) =>
        $"Microsoft.Dynamics.CRM.In(PropertyName={Text(column)},PropertyValues=[{string.Join(',', values.Select(Text))}])";

    /// <summary>A collection query: <c>set?$select=…&amp;$filter=…&amp;$orderby=…</c>, each option escaped.</summary>
    public static string Query(string entitySet, string select, string? filter = null, string? orderBy = null, int? top = null)
    {
        var url = new StringBuilder(entitySet).Append("?$select=").Append(select);
        if (filter is not null)
        {
            url.Append("&$filter=").Append(Uri.EscapeDataString(filter));
        }

        if (orderBy is not null)
        {
            url.Append("&$orderby=").Append(Uri.EscapeDataString(orderBy));
        }

        if (top is { } n)
        {
            url.Append("&$top=").Append(n.ToString(CultureInfo.InvariantCulture));
        }

        return url.ToString();
    }

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string MaxPageSize(int size) => $"odata.maxpagesize={size.ToString(CultureInfo.InvariantCulture)}";
}
