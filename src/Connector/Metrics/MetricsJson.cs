using System.Text.Json;
using System.Text.Json.Serialization;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.Connector.Metrics;

/// <summary>
/// The report's JSON, one form for the CLI and the dashboard: snake_case field names, enums as snake_case strings, days
/// as <c>yyyy-MM-dd</c>, amounts and rates as numbers, nulls written (a rate with no denominator is <c>null</c>, not
/// absent). The field names are documented in docs/metrics.md and do not change.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(MetricsReport))]
[JsonSerializable(typeof(ExperimentReport))]
internal sealed partial class MetricsJsonContext : JsonSerializerContext;

/// <summary>Writes a report as the documented JSON.</summary>
internal static class MetricsJson
{
    private static readonly JsonSerializerOptions Options = new(MetricsJsonContext.Default.Options)
    {
        Converters = { new JsonStringEnumConverter<ChurnTiming>(JsonNamingPolicy.SnakeCaseLower), new JsonStringEnumConverter<MetricsGrouping>(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize(MetricsReport report) => JsonSerializer.Serialize(report, Options.GetTypeInfo(typeof(MetricsReport)));

    /// <summary>
    /// The report, then <c>suppressed_touches</c>: the period's suppressed touches as <c>{"rule", "playbook_id", "touches"}</c>
    /// rows ordered by rule and playbook (docs/metrics.md).
    /// </summary>
    public static string Serialize(MetricsReport report, IReadOnlyList<SuppressedCount> suppressed)
    {
        using var document = JsonDocument.Parse(Serialize(report));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteStartArray("suppressed_touches");
            foreach (var row in suppressed)
            {
                writer.WriteStartObject();
                writer.WriteString("rule", row.Rule);
                writer.WriteString("playbook_id", row.PlaybookId);
                writer.WriteNumber("touches", row.Touches);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Serialize(ExperimentReport report) => JsonSerializer.Serialize(report, Options.GetTypeInfo(typeof(ExperimentReport)));
}
