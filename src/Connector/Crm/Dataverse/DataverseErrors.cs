using System.Text.Json;

namespace CrmSuite.Connector.Crm.Dataverse;

/// <summary>Reads the Dataverse error body <c>{"error":{"code":"0x…","message":"…"}}</c>.</summary>
internal static class DataverseErrors
{
    public static (string Code, string Message) Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return ("", "");
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error))
            {
                var code = error.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "";
                var message = error.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
                return (code, message);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page): the text itself is the message.
        }

        return ("", body.Length <= 300 ? body : body[..300]);
    }

    /// <summary>The service-protection code of the execution-time limit (0x80072321).</summary>
    public const int ExecutionTimeLimit = -2147015903;

    /// <summary>ExpiredVersionStamp: a delta token older than the organisation's change-tracking retention.</summary>
    public static bool IsExpiredDeltaToken(DataverseException error) =>
        string.Equals(error.Code, "0x80044352", StringComparison.OrdinalIgnoreCase) || error.Code == "-2147204270";

    /// <summary>True when <paramref name="code"/> spells the execution-time limit in decimal or hex.</summary>
    public static bool IsExecutionTimeLimit(string code) =>
        code == "-2147015903" || string.Equals(code, "0x80072321", StringComparison.OrdinalIgnoreCase);
}
