using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace CrmSuite.Connector.Crm.Dataverse.Registration;

/// <summary>How the service endpoint authenticates to the connector (serviceendpoint <c>authtype</c>).</summary>
internal enum WebhookAuth
{
    /// <summary>4, Webhook Key: the key sent as the <c>code</c> query value.</summary>
    WebhookKey = 4,

    /// <summary>5, Http Header: a header name and value.</summary>
    HttpHeader = 5,
}

/// <summary>
/// The credential register-plugins gives the service endpoint, from the connector's own <c>Plugins</c> settings. Dataverse
/// never returns <c>authvalue</c> (it is not valid for read), so the endpoint's description keeps a salted PBKDF2
/// fingerprint of it: a second run compares fingerprints to tell a changed key without ever reading or printing one.
/// </summary>
internal sealed class WebhookCredential
{
    private const int Iterations = 100_000;
    private const string FingerprintLabel = "credential fingerprint v1 ";

    private readonly string _value;

    private WebhookCredential(WebhookAuth auth, string? headerName, string value)
    {
        Auth = auth;
        HeaderName = headerName;
        _value = value;
    }

    public WebhookAuth Auth { get; }

    public string? HeaderName { get; }

    public static WebhookCredential Key(string key) => new(WebhookAuth.WebhookKey, null, key);

    public static WebhookCredential Header(string name, string value) => new(WebhookAuth.HttpHeader, name, value);

    /// <summary>
    /// The <c>authvalue</c> Dataverse stores: the key itself for a Webhook Key; for an Http Header the settings document the
    /// Plugin Registration tool writes, <c>&lt;settings&gt;&lt;setting name="…" value="…" /&gt;&lt;/settings&gt;</c>.
    /// </summary>
    public string AuthValue => Auth == WebhookAuth.WebhookKey
        ? _value
        : $"<settings><setting name=\"{SecurityElement.Escape(HeaderName)}\" value=\"{SecurityElement.Escape(_value)}\" /></settings>";

    /// <summary>What the description says about the credential, with a fresh salt.</summary>
    public string NewFingerprint() => Fingerprint(RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether a description written by <see cref="NewFingerprint"/> is of this credential (same type, name and value).</summary>
    public bool Matches(string? description)
    {
        var start = description?.IndexOf(FingerprintLabel, StringComparison.Ordinal) ?? -1;
        if (start < 0)
        {
            return false;
        }

        var token = description![(start + FingerprintLabel.Length)..].Split([' ', '\n'], 2)[0];
        try
        {
            var expected = Fingerprint(Convert.FromBase64String(token.Split(':')[0]));
            return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(FingerprintLabel + token));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private string Fingerprint(byte[] salt)
    {
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes($"{(int)Auth}\n{HeaderName}\n{_value}"), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"{FingerprintLabel}{Convert.ToBase64String(salt)}:{Convert.ToBase64String(hash)}";
    }

    public string Describe() => Auth == WebhookAuth.WebhookKey ? "Webhook Key (sent as ?code=…)" : $"Http Header {HeaderName}";

    // Never the secret: a credential that reaches a log or an exception message says only what kind it is.
    public override string ToString() => Describe();
}
