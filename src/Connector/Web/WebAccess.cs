namespace CrmSuite.Connector.Web;

/// <summary>
/// Who may reach the web UI: the host names it answers (any other <c>Host</c> is a 400, which defeats DNS rebinding) and,
/// when set, the secret every <c>/api</c> request must carry in <see cref="ApiKeyGuard.Header"/>.
/// </summary>
internal sealed record WebAccess(IReadOnlyList<string> AllowedHosts, string? ApiKey);
