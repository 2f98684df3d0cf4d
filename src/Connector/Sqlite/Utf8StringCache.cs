using System.Text;

namespace CrmSuite.Connector.Sqlite;

/// <summary>
/// Turns a column's UTF-8 bytes into a string, handing back the same string for bytes it saw recently instead of a new
/// one per row. For columns with few values (currencies, tiers) or long runs of one value (an account's rows read
/// together): a million rows then allocate a handful of strings. Holds at most <c>capacity</c> values, replacing the
/// oldest.
/// </summary>
internal sealed class Utf8StringCache(int capacity)
{
    private readonly byte[][] _bytes = new byte[capacity][];
    private readonly string[] _strings = new string[capacity];
    private int _count;
    private int _next;

    public string Get(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < _count; i++)
        {
            if (utf8.SequenceEqual(_bytes[i]))
            {
                return _strings[i];
            }
        }

        var text = Encoding.UTF8.GetString(utf8);
        _bytes[_next] = utf8.ToArray();
        _strings[_next] = text;
        _next = (_next + 1) % _bytes.Length;
        _count = Math.Min(_count + 1, _bytes.Length);
        return text;
    }
}
