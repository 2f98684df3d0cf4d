using System.Security.Cryptography;
using System.Text;

namespace CrmSuite.Connector.Web;

/// <summary>
/// A configured secret (an API key, a webhook key) kept only as its SHA-256, compared with what a request sent in constant
/// time: hashing first makes both sides the same length, so the comparison reads every byte whatever was sent.
/// </summary>
internal sealed class SecretDigest(string secret)
{
    private readonly byte[] _digest = SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public bool Matches(string? given) => CryptographicOperations.FixedTimeEquals(_digest, SHA256.HashData(Encoding.UTF8.GetBytes(given ?? "")));
}
