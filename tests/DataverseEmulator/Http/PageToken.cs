using System.Buffers.Text;
using System.Text.Json;

namespace CrmSuite.DataverseEmulator.Http;

/// <summary>
/// The state a $skiptoken carries between pages. Clients see it only as an opaque string and must reuse the
/// nextLink unchanged: the token names the query and page size it was issued for.
/// </summary>
internal sealed record PageToken(string Query, int PageSize)
{
    public Guid? LastId { get; init; }
    public int Offset { get; init; }

    /// <summary>Change tracking: the org version the first page was read at (the delta link's starting point).</summary>
    public long? Snapshot { get; init; }

    /// <summary>A delta read: changes after <see cref="Since"/> up to <see cref="Snapshot"/>; phase 0 rows, phase 1 deletions.</summary>
    public long? Since { get; init; }
    public int Phase { get; init; }
    public long LastVersion { get; init; }

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    public static PageToken Decode(string token)
    {
        try
        {
            return JsonSerializer.Deserialize<PageToken>(Base64Url.DecodeFromChars(token))
                ?? throw new FormatException("empty token");
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw new DataverseException(400, ErrorCodes.QueryError, "The $skiptoken is not one this service issued: reuse the @odata.nextLink unchanged.");
        }
    }
}
