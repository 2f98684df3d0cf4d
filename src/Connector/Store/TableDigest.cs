using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CrmSuite.Connector.Store;

/// <summary>
/// A table's row count and SHA-256 over its rows in key order, each value in one canonical spelling whichever store read
/// it: times to the microsecond (what PostgreSQL keeps), amounts without trailing zeros, null distinct from empty text.
/// </summary>
internal sealed class TableDigest : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly StringBuilder _row = new();

    public long Rows { get; private set; }

    public void Add(ReadOnlySpan<object?> row)
    {
        _row.Clear();
        foreach (var value in row)
        {
            _row.Append(Canonical(value)).Append('\u001f');
        }

        _hash.AppendData(Encoding.UTF8.GetBytes(_row.Append('\u001e').ToString()));
        Rows++;
    }

    /// <summary>The checksum, as hex; the digest can take no more rows after.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();

    /// <summary>A time as PostgreSQL keeps it: microseconds, the tick below dropped.</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);

    private static string Canonical(object? value) => value switch
    {
        null => "\u2400",
        string text => "s" + text,
        int number => "n" + number.ToString(CultureInfo.InvariantCulture),
        long number => "n" + number.ToString(CultureInfo.InvariantCulture),
        decimal amount => "d" + (amount / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture),
        DateTimeOffset at => "t" + ToMicroseconds(at).UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        DateOnly day => "D" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        int[] steps => "a" + string.Join(',', steps.Select(s => s.ToString(CultureInfo.InvariantCulture))),
        _ => throw new ArgumentException($"no canonical form for {value.GetType().Name}", nameof(value)),
    };
}
