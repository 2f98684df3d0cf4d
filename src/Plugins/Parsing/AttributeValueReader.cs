using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using CrmSuite.Plugins.Context;

namespace CrmSuite.Plugins.Parsing;

/// <summary>Reads the DataContract JSON of Dataverse values (<c>__type</c> names such as <c>Money:http://schemas…</c>).</summary>
internal static class AttributeValueReader
{
    public static AttributeValue Read(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Null => NullValue.Instance,
        JsonValueKind.True => new BooleanValue(true),
        JsonValueKind.False => new BooleanValue(false),
        JsonValueKind.Number => new NumberValue(Number(element, path)),
        JsonValueKind.String => Text(element.GetString()!),
        JsonValueKind.Array => Array(element, path),
        JsonValueKind.Object => Typed(element, path),
        _ => throw new WebhookPayloadException(path, $"expected a value, got {element.ValueKind}"),
    };

    public static PluginEntity Entity(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookPayloadException(path, $"expected an entity object, got {Describe(element)}");
        }

        var logicalName = OptionalString(element, "LogicalName", path) ?? "";
        var id = OptionalGuid(element, "Id", path) ?? Guid.Empty;
        var attributes = ImmutableDictionary.CreateBuilder<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (key, value, at) in Pairs(element, "Attributes", path))
        {
            attributes[key] = Read(value, at);
        }

        var formatted = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value, at) in Pairs(element, "FormattedValues", path))
        {
            formatted[key] = value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new WebhookPayloadException(at, $"expected text, got {Describe(value)}");
        }

        return new PluginEntity(logicalName, id, attributes.ToImmutable(), formatted.ToImmutable());
    }

    /// <summary>The <c>[{"key": …, "value": …}]</c> list under <paramref name="property"/>; none when it is absent or null.</summary>
    public static IEnumerable<(string Key, JsonElement Value, string Path)> Pairs(JsonElement owner, string property, string path)
    {
        if (!owner.TryGetProperty(property, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            yield break;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new WebhookPayloadException($"{path}.{property}", $"expected a list of key/value pairs, got {Describe(list)}");
        }

        var index = 0;
        foreach (var pair in list.EnumerateArray())
        {
            var at = $"{path}.{property}[{index++}]";
            if (pair.ValueKind != JsonValueKind.Object || !pair.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String)
            {
                throw new WebhookPayloadException(at, $"expected {{\"key\": \"…\", \"value\": …}}, got {Describe(pair)}");
            }

            yield return (key.GetString()!, pair.TryGetProperty("value", out var value) ? value : default, $"{at}.value");
        }
    }

    public static string? OptionalString(JsonElement owner, string property, string path) =>
        owner.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => throw new WebhookPayloadException($"{path}.{property}", $"expected text, got {Describe(value)}"),
        } : null;

    public static Guid? OptionalGuid(JsonElement owner, string property, string path)
    {
        var text = OptionalString(owner, property, path);
        if (text is null)
        {
            return null;
        }

        return Guid.TryParse(text, CultureInfo.InvariantCulture, out var id) ? id
            : throw new WebhookPayloadException($"{path}.{property}", $"expected a GUID, got \"{Shorten(text)}\"");
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"\"{Shorten(element.GetString()!)}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.Undefined => "nothing",
        _ => Shorten(element.GetRawText()),
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    private static AttributeValue Text(string text) =>
        DataContractDate.TryParse(text, out var date) ? new DateValue(date) : new TextValue(text);

    private static decimal Number(JsonElement element, string path)
    {
        if (element.TryGetDecimal(out var value))
        {
            return value;
        }

        // Dataverse floats can exceed decimal's range only in theory; keep the double's value when they do not fit exactly.
        return element.TryGetDouble(out var real) && Math.Abs(real) < (double)decimal.MaxValue ? (decimal)real
            : throw new WebhookPayloadException(path, $"expected a number Dataverse can store, got {Shorten(element.GetRawText())}");
    }

    // A multi-select choice column arrives as a plain list of OptionSetValue objects.
    private static AttributeValue Array(JsonElement element, string path)
    {
        var values = ImmutableArray.CreateBuilder<int>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var at = $"{path}[{index++}]";
            if (Read(item, at) is not OptionSetValue option)
            {
                return new OtherValue("list", element.GetRawText());
            }

            values.Add(option.Value);
        }

        return new OptionSetValues(values.ToImmutable());
    }

    private static AttributeValue Typed(JsonElement element, string path)
    {
        var type = OptionalString(element, "__type", path);
        var name = type is null ? null : type.Split(':', 2)[0];
        return name switch
        {
            "EntityReference" => new EntityReferenceValue(
                OptionalString(element, "LogicalName", path) ?? throw new WebhookPayloadException($"{path}.LogicalName", "an EntityReference needs its table's logical name"),
                OptionalGuid(element, "Id", path) ?? throw new WebhookPayloadException($"{path}.Id", "an EntityReference needs the row's Id"),
                OptionalString(element, "Name", path)),
            "OptionSetValue" => new OptionSetValue(WholeNumber(element, path)),
            "Money" => new MoneyValue(element.TryGetProperty("Value", out var amount) ? Number(amount, $"{path}.Value")
                : throw new WebhookPayloadException($"{path}.Value", "a Money value needs its Value")),
            "Entity" => new EntityValue(Entity(element, path)),
            "EntityCollection" => new EntityCollectionValue(Entities(element, path)),
            null when element.TryGetProperty("Attributes", out _) => new EntityValue(Entity(element, path)),
            _ => new OtherValue(name ?? "object", element.GetRawText()),
        };
    }

    private static int WholeNumber(JsonElement element, string path) =>
        element.TryGetProperty("Value", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number
            : throw new WebhookPayloadException($"{path}.Value", "an OptionSetValue needs a whole-number Value");

    private static ImmutableArray<PluginEntity> Entities(JsonElement element, string path)
    {
        if (!element.TryGetProperty("Entities", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new WebhookPayloadException($"{path}.Entities", "an EntityCollection needs its list of Entities");
        }

        var index = 0;
        return [.. list.EnumerateArray().Select(item => Entity(item, $"{path}.Entities[{index++}]"))];
    }
}
