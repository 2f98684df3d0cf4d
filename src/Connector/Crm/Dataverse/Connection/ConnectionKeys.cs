namespace CrmSuite.Connector.Crm.Dataverse.Connection;

/// <summary>The settings a Dataverse connection string can hold.</summary>
internal enum ConnectionKey
{
    AuthType,
    Url,
    ClientId,
    ClientSecret,
    TenantId,

    /// <summary>A documented key that means nothing to a client-secret connection over the Web API.</summary>
    Ignored,
}

/// <summary>The documented names of each key ("Use connection strings in XRM tooling to connect to Dataverse"), case-insensitive.</summary>
internal static class ConnectionKeys
{
    private static readonly Dictionary<string, ConnectionKey> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AuthType"] = ConnectionKey.AuthType,
        ["AuthenticationType"] = ConnectionKey.AuthType,
        ["Url"] = ConnectionKey.Url,
        ["ServiceUri"] = ConnectionKey.Url,
        ["Service Uri"] = ConnectionKey.Url,
        ["Server"] = ConnectionKey.Url,
        ["ClientId"] = ConnectionKey.ClientId,
        ["AppId"] = ConnectionKey.ClientId,
        ["ApplicationId"] = ConnectionKey.ClientId,
        ["ClientSecret"] = ConnectionKey.ClientSecret,
        ["Secret"] = ConnectionKey.ClientSecret,
        ["TenantId"] = ConnectionKey.TenantId,
        ["RequireNewInstance"] = ConnectionKey.Ignored,
    };

    public const string Expected = "AuthType, Url, ClientId, ClientSecret and optionally TenantId";

    public static bool TryFind(string name, out ConnectionKey key) => Names.TryGetValue(name.Trim(), out key);

    public static string Name(ConnectionKey key) => key.ToString();
}
