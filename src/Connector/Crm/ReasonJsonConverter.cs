using System.Text.Json;
using System.Text.Json.Serialization;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Crm;

/// <summary>
/// Writes a <see cref="Reason"/> as <see cref="ReasonJson"/> spells it, reusing the bytes when the same reason is written
/// again on the same thread: a transition's audit entry, its stage and its task carry one reason, written one after the
/// other. The JSON is the same as without the converter.
/// </summary>
internal sealed class ReasonJsonConverter : JsonConverter<Reason>
{
    [ThreadStatic]
    private static Reason? _last;

    [ThreadStatic]
    private static byte[]? _lastJson;

    public override Reason? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(ref reader, ReasonJson.Default.Reason);

    public override void Write(Utf8JsonWriter writer, Reason value, JsonSerializerOptions options)
    {
        if (!ReferenceEquals(value, _last) || _lastJson is null)
        {
            _lastJson = JsonSerializer.SerializeToUtf8Bytes(value, ReasonJson.Default.Reason);
            _last = value;
        }

        writer.WriteRawValue(_lastJson, skipInputValidation: true);
    }
}

/// <summary>The reason's own JSON, with the options of <see cref="CrmJson"/>: what <see cref="ReasonJsonConverter"/> writes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Reason))]
internal sealed partial class ReasonJson : JsonSerializerContext;
