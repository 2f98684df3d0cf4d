using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.Connector.Workbench;

/// <summary>What differs between two versions of a price book or an offers file: each book or offer added, removed or changed, field by field.</summary>
internal sealed record OfferDiff(string Path, IReadOnlyList<(string Item, IReadOnlyList<DiffLine> Lines)> Items)
{
    public bool HasChanges => Items.Count > 0;
}

/// <summary>
/// Compares price books and offers field by field, under the names the author writes (<c>valid_days</c>,
/// <c>tiers[professional].list_prices.USD</c>). Positions and the order of the offers in the file are no change.
/// </summary>
internal static class OfferComparer
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static OfferDiff Compare(string path, PriceBookParseResult? old, PriceBookParseResult? @new)
    {
        var items = new List<(string, IReadOnlyList<DiffLine>)>();
        var before = Items(old);
        var after = Items(@new);
        foreach (var name in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var o = before.GetValueOrDefault(name);
            var n = after.GetValueOrDefault(name);
            if (o is null || n is null)
            {
                items.Add((name, [new DiffLine(o is null ? "added" : "removed", o is null ? null : Summary(o), n is null ? null : Summary(n))]));
                continue;
            }

            var lines = o.Keys.Union(n.Keys).Order(StringComparer.Ordinal)
                .Where(k => o.GetValueOrDefault(k) != n.GetValueOrDefault(k))
                .Select(k => new DiffLine(k, o.GetValueOrDefault(k), n.GetValueOrDefault(k)))
                .ToList();
            if (lines.Count > 0)
            {
                items.Add((name, lines));
            }
        }

        return new OfferDiff(path, items);
    }

    private static Dictionary<string, SortedDictionary<string, string>> Items(PriceBookParseResult? file)
    {
        var items = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        if (file?.PriceBook is { } book)
        {
            items[$"price book `{book.Product}`"] = Flatten(JsonSerializer.SerializeToNode(book, Json));
        }

        foreach (var offer in file?.Offers ?? [])
        {
            items[$"offer `{offer.Id}`"] = Flatten(JsonSerializer.SerializeToNode(offer, Json));
        }

        return items;
    }

    private static string Summary(SortedDictionary<string, string> fields) =>
        string.Join(", ", fields.Where(f => f.Key is "status" or "version" or "kind" or "title").Select(f => $"{f.Key} {f.Value}"));

    private static SortedDictionary<string, string> Flatten(JsonNode? node)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Flatten(node, "", fields);
        return fields;
    }

    private static void Flatten(JsonNode? node, string path, SortedDictionary<string, string> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (name != "position")
                    {
                        Flatten(value, path.Length == 0 ? name : $"{path}.{name}", into);
                    }
                }

                break;
            case JsonArray array when array.All(e => e is JsonObject):
                for (var i = 0; i < array.Count; i++)
                {
                    Flatten(array[i], $"{path}[{ItemKey(array[i]!.AsObject(), i)}]", into);
                }

                break;
            case JsonArray array:
                into[path] = string.Join(", ", array.Select(e => e?.ToString() ?? "null"));
                break;
            case null:
                break;
            default:
                into[path] = node.ToString();
                break;
        }
    }

    // A list of tiers, bands or drivers is keyed by what names an entry, so inserting one in the middle changes only it.
    private static string ItemKey(JsonObject item, int index)
    {
        foreach (var key in new[] { "name", "id", "years", "from_seats" })
        {
            if (item.TryGetPropertyValue(key, out var value) && value is not null)
            {
                return value.ToString();
            }
        }

        return index.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
