using System.Globalization;
using System.Text.Json;
using CrmSuite.DataverseEmulator.Schema;
using CrmSuite.DataverseEmulator.Store;

namespace CrmSuite.DataverseEmulator.Http;

/// <summary>Writes rows the way the Web API returns them: etag, the selected columns, lookups as <c>_x_value</c>.</summary>
internal static class RowWriter
{
    public static void Write(Utf8JsonWriter json, TableDefinition table, Row row, IReadOnlyList<ColumnDefinition> columns, bool annotations)
    {
        json.WriteStartObject();
        json.WriteString("@odata.etag", ETag(row));
        foreach (var column in columns)
        {
            var value = row[column.LogicalName];
            var name = column.ValuePropertyName;
            if (annotations && value is EntityReference reference)
            {
                json.WriteString($"{name}@Microsoft.Dynamics.CRM.lookuplogicalname", reference.Table);
                var navigation = column.Targets.FirstOrDefault(t => t.Table == reference.Table)?.NavigationProperty;
                if (navigation is not null)
                {
                    json.WriteString($"{name}@Microsoft.Dynamics.CRM.associatednavigationproperty", navigation);
                }
            }
            json.WritePropertyName(name);
            WriteValue(json, value);
        }
        if (!columns.Any(c => c.IsPrimaryId))
        {
            json.WriteString(table.PrimaryIdAttribute, row.Id.ToString("D"));
        }
        json.WriteEndObject();
    }

    public static string ETag(Row row) => $"W/\"{row.Version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case Guid g: json.WriteStringValue(g.ToString("D")); break;
            case EntityReference r: json.WriteStringValue(r.Id.ToString("D")); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case decimal d: json.WriteNumberValue(d); break;
            case bool b: json.WriteBooleanValue(b); break;
            case DateTimeOffset t: json.WriteStringValue(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)); break;
            case DateOnly d: json.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            default: throw new InvalidOperationException($"Cannot write a value of type {value.GetType().Name}.");
        }
    }
}
