using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// Where a table's changes are read from next: a delta link as Dataverse returned it (change tracking on), or
/// <c>modifiedon:</c> and the latest modification seen (change tracking off).
/// </summary>
internal sealed record TrackLinks(
    [property: JsonPropertyName("account")] string Accounts,
    [property: JsonPropertyName("cs_subscription")] string Subscriptions,
    [property: JsonPropertyName("cs_usage")] string Usage);

/// <summary>An item of a read: a deleted account (rank 0, by id) or a changed one (rank 1, by the version of its latest change).</summary>
internal readonly record struct ReadPosition(
    [property: JsonPropertyName("rank")] int Rank,
    [property: JsonPropertyName("version")] long Version,
    [property: JsonPropertyName("id")] string Id) : IComparable<ReadPosition>
{
    public int CompareTo(ReadPosition other)
    {
        var c = Rank.CompareTo(other.Rank);
        if (c == 0)
        {
            c = Version.CompareTo(other.Version);
        }

        return c != 0 ? c : string.CompareOrdinal(Id, other.Id);
    }
}

/// <summary>
/// A full read under way: the delta links its licenses and usage ended with, the accounts page it is in (the URL that read it,
/// as requested), the last account it returned from that page (null: none yet) and the highest <c>versionnumber</c> among the
/// accounts it returned. A sync resumed from it reads that page again and skips the accounts up to <see cref="After"/> that
/// have not changed since (their version is not above <see cref="Seen"/>).
/// </summary>
internal sealed record FullReadMark(
    [property: JsonPropertyName("cs_subscription")] string Subscriptions,
    [property: JsonPropertyName("cs_usage")] string Usage,
    [property: JsonPropertyName("page")] string Page,
    [property: JsonPropertyName("after")] string? After,
    [property: JsonPropertyName("seen")] long Seen);

/// <summary>
/// The Dataverse gateway's watermark, opaque to the sync: JSON holding the delta links of the tables an account is read
/// from. After a read's last page it holds <see cref="To"/> only (caught up). A page in the middle of an incremental read
/// also holds where that read started (<see cref="From"/>) and the last item it returned (<see cref="After"/>), so a sync
/// resumed from it reads the same changes again and skips those already returned. A page in the middle of a full read holds
/// <see cref="Full"/> instead.
/// </summary>
internal sealed record DataverseWatermark(
    [property: JsonPropertyName("from")] TrackLinks? From,
    [property: JsonPropertyName("to")] TrackLinks? To,
    [property: JsonPropertyName("after")] ReadPosition? After,
    [property: JsonPropertyName("full")] FullReadMark? Full = null)
{
    public string Write() => JsonSerializer.Serialize(this, DataverseWatermarkJson.Default.DataverseWatermark);

    /// <summary>The watermark <paramref name="text"/> spells; a clear error when it was not written by this gateway.</summary>
    public static DataverseWatermark? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            var mark = JsonSerializer.Deserialize(text, DataverseWatermarkJson.Default.DataverseWatermark)
                ?? throw new FormatException("empty");
            return mark.To is null && mark.Full is null ? throw new FormatException("neither delta links nor a full read") : mark;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or NotSupportedException)
        {
            throw new FormatException(
                $"The stored watermark is not one of the Dataverse gateway (JSON with the delta links of account, cs_subscription and cs_usage): {Shorten(text)}", ex);
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(DataverseWatermark))]
internal sealed partial class DataverseWatermarkJson : JsonSerializerContext;

/// <summary>JSON of values the gateway writes into Memo columns beside those of <see cref="CrmJson"/>: snake_case, as the outbox spells them.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(System.Collections.Immutable.ImmutableArray<ProrationLine>))]
internal sealed partial class DataverseJson : JsonSerializerContext;
