using System.Data.Common;

namespace CrmSuite.Connector.Crm.Dataverse.Connection;

/// <summary>
/// The connection string Dataverse users already paste:
/// <c>AuthType=ClientSecret;Url=https://org.crm.dynamics.com;ClientId=…;ClientSecret=…[;TenantId=…]</c>. Keys are
/// case-insensitive and take the documented aliases; values may be quoted as in any connection string.
/// The secret never appears in <see cref="ToString"/> nor in a parse error.
/// </summary>
internal sealed class DataverseConnectionString
{
    private DataverseConnectionString(Uri url, string clientId, string clientSecret, string? tenantId)
    {
        Url = url;
        ClientId = clientId;
        ClientSecret = clientSecret;
        TenantId = tenantId;
    }

    /// <summary>The environment, e.g. <c>https://contoso.crm.dynamics.com/</c> (no path).</summary>
    public Uri Url { get; }

    /// <summary>The application (client) id of the app registration.</summary>
    public string ClientId { get; }

    /// <summary>The app registration's client secret. Never logged, never shown.</summary>
    public string ClientSecret { get; }

    /// <summary>The directory (tenant) id, or null to discover it from the environment's authentication challenge.</summary>
    public string? TenantId { get; }

    /// <summary>The Web API's service root, <c>{Url}/api/data/v9.2/</c>.</summary>
    public Uri ServiceRoot => new(Url, "api/data/v9.2/");

    /// <summary>The OAuth scope of the environment, <c>{Url}/.default</c>.</summary>
    public string Scope => Url.GetLeftPart(UriPartial.Authority) + "/.default";

    public override string ToString() =>
        $"AuthType=ClientSecret;Url={Url.GetLeftPart(UriPartial.Authority)};ClientId={ClientId};ClientSecret={Redaction.Mask}"
        + (TenantId is null ? "" : $";TenantId={TenantId}");

    /// <summary>Parses <paramref name="text"/>; on failure returns null and every problem, each naming the key at fault.</summary>
    public static DataverseConnectionString? TryParse(string? text, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        errors = problems;
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add("is empty: expected AuthType=ClientSecret;Url=https://yourorg.crm.dynamics.com;ClientId=…;ClientSecret=…");
            return null;
        }

        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = text;
        }
        catch (ArgumentException)
        {
            // The parser's own message can quote the text, secret included: say only what is expected.
            problems.Add("is not a list of Key=value pairs separated by `;` (quote a value that holds `;` or `=` with \"…\")");
            return null;
        }

        var values = new Dictionary<ConnectionKey, string>();
        foreach (string key in builder.Keys)
        {
            var value = (builder[key]?.ToString() ?? "").Trim();
            if (!ConnectionKeys.TryFind(key, out var known))
            {
                problems.Add($"has the unknown key `{AsWritten(text, key)}`: expected {ConnectionKeys.Expected}");
            }
            else if (known != ConnectionKey.Ignored && !values.TryAdd(known, value))
            {
                problems.Add($"names {ConnectionKeys.Name(known)} twice (`{AsWritten(text, key)}` is another name for it)");
            }
        }

        CheckAuthType(values, problems);
        var url = ReadUrl(values, problems);
        var clientId = Required(values, ConnectionKey.ClientId, "the application (client) id of the app registration", problems);
        var secret = Required(values, ConnectionKey.ClientSecret, "a client secret of the app registration", problems);
        var tenant = values.TryGetValue(ConnectionKey.TenantId, out var t) && t.Length > 0 ? t : null;
        return problems.Count == 0 ? new DataverseConnectionString(url!, clientId!, secret!, tenant) : null;
    }

    // The parser lower-cases keys; an error names a key as the user wrote it.
    private static string AsWritten(string text, string key)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, $@"(?:^|;)\s*({System.Text.RegularExpressions.Regex.Escape(key)})\s*=",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success ? match.Groups[1].Value : key;
    }

    private static void CheckAuthType(Dictionary<ConnectionKey, string> values, List<string> problems)
    {
        if (!values.TryGetValue(ConnectionKey.AuthType, out var authType) || authType.Length == 0)
        {
            problems.Add("lacks AuthType: expected AuthType=ClientSecret");
        }
        else if (!authType.Equals("ClientSecret", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"has AuthType={authType}, which CrmSuite does not support: expected AuthType=ClientSecret (an app registration with a client secret)");
        }
    }

    private static Uri? ReadUrl(Dictionary<ConnectionKey, string> values, List<string> problems)
    {
        var text = Required(values, ConnectionKey.Url, "the environment's address, e.g. Url=https://yourorg.crm.dynamics.com", problems);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.Host.Length == 0)
        {
            problems.Add($"has Url={text}, which is not an address: expected e.g. Url=https://yourorg.crm.dynamics.com");
            return null;
        }

        return new Uri(url.GetLeftPart(UriPartial.Authority) + "/");
    }

    private static string? Required(Dictionary<ConnectionKey, string> values, ConnectionKey key, string expected, List<string> problems)
    {
        if (values.TryGetValue(key, out var value) && value.Length > 0)
        {
            return value;
        }

        problems.Add($"lacks {ConnectionKeys.Name(key)}: expected {expected}");
        return null;
    }
}
