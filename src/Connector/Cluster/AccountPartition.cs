using System.Globalization;
using System.Text;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Cluster;

/// <summary>
/// One of <see cref="Count"/> slices of the accounts: an account belongs to partition
/// <c>FNV-1a-32(UTF-8 of its id) mod Count</c>, the same on every node, every run and every .NET version (unlike
/// <see cref="string.GetHashCode()"/>). The single partition of a one-node connector holds every account.
/// </summary>
internal readonly record struct AccountPartition(int Index, int Count)
{
    public static readonly AccountPartition All = new(0, 1);

    /// <summary>Where this partition's position in the account stream is kept: the one-node name when it holds every account.</summary>
    public string WatermarkSource => Count == 1
        ? Watermarks.Accounts
        : string.Create(CultureInfo.InvariantCulture, $"{Watermarks.Accounts}/p{Index}of{Count}");

    public bool Holds(string accountId) => Count == 1 || Of(accountId, Count) == Index;

    public static int Of(string accountId, int count)
    {
        var hash = 2166136261u;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(accountId) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(accountId, buffer)] : Encoding.UTF8.GetBytes(accountId);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)count);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index + 1}/{Count}");
}
