using System.Security.Cryptography;
using System.Text;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>
/// Deterministic keys for effects: readable prefix plus a base32 hash, only letters, digits and '-', because Dataverse
/// addresses a row by alternate key in the URL and refuses characters such as / : ? + there.
/// </summary>
internal static class IdempotencyKey
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string For(string accountId, string playbookId, int step, string kind, int index)
    {
        var input = Encoding.UTF8.GetBytes($"{accountId}\u001f{playbookId}\u001f{step}\u001f{kind}\u001f{index}");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return $"{playbookId}-{step}-{kind}{index}-{Base32(hash[..10])}";
    }

    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length * 8 / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                builder.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        return builder.ToString();
    }
}
