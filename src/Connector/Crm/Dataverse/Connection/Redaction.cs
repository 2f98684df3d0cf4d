namespace CrmSuite.Connector.Crm.Dataverse.Connection;

/// <summary>What stands in for a secret wherever one would be shown.</summary>
internal static class Redaction
{
    public const string Mask = "***";

    /// <summary><paramref name="text"/> with every occurrence of each secret replaced by <see cref="Mask"/>.</summary>
    public static string Redact(string text, params ReadOnlySpan<string?> secrets)
    {
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
