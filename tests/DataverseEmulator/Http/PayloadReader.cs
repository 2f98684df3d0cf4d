using System.Globalization;
using System.Text.Json;
using CrmSuite.DataverseEmulator.Schema;
using CrmSuite.DataverseEmulator.Store;

namespace CrmSuite.DataverseEmulator.Http;

/// <summary>
/// Reads an entity payload (create, update, upsert) into column values, rejecting what the service rejects:
/// unknown properties, read-only ones, values of the wrong type or too long, binds through unknown navigation properties.
/// </summary>
internal static class PayloadReader
{
    public static Dictionary<string, object?> Read(TableDefinition table, JsonElement body, Func<string, EntityReference> resolveBind)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw Payload($"The payload for {table.LogicalName} must be a JSON object.");
        }
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            var name = property.Name;
            if (name == "@odata.type")
            {
                var type = property.Value.GetString()?.TrimStart('#');
                if (type != $"{EdmModelFactory.Namespace}.{table.LogicalName}")
                {
                    throw Payload($"The @odata.type '{property.Value}' does not match the entity set's type '{EdmModelFactory.Namespace}.{table.LogicalName}'.");
                }
                continue;
            }
            if (name.EndsWith("@odata.bind", StringComparison.Ordinal))
            {
                var (column, reference) = ReadBind(table, name[..^"@odata.bind".Length], property.Value, resolveBind);
                values[column] = reference;
                continue;
            }
            if (name.StartsWith('@') || name.Contains('@', StringComparison.Ordinal))
            {
                continue; // instance annotations are ignored on writes
            }
            var definition = table.Columns.FirstOrDefault(c => c.ValuePropertyName == name);
            if (definition is null)
            {
                throw Payload($"An undeclared property '{name}' which only has property annotations in the payload but no property value was found in the payload. The property '{name}' does not exist on type '{EdmModelFactory.Namespace}.{table.LogicalName}'.");
            }
            if (definition.IsSystemSet || definition.IsLookup)
            {
                throw Payload(definition.IsLookup
                    ? $"The property '{name}' is read-only: set the lookup with '{definition.Targets.FirstOrDefault()?.NavigationProperty ?? definition.LogicalName}@odata.bind'."
                    : $"The property '{name}' of {table.LogicalName} is set by the platform and cannot be written.");
            }
            values[definition.LogicalName] = Convert(table, definition, property.Value);
        }
        return values;
    }

    public static object? Convert(TableDefinition table, ColumnDefinition column, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (column.IsPrimaryId)
            {
                throw Payload($"The primary key '{column.LogicalName}' cannot be null.");
            }
            return null;
        }
        try
        {
            return column.Type switch
            {
                ColumnType.String or ColumnType.Memo => CheckLength(table, column, value.GetString()!),
                ColumnType.Uniqueidentifier => value.GetGuid(),
                ColumnType.Integer or ColumnType.Picklist or ColumnType.State or ColumnType.Status => value.GetInt32(),
                ColumnType.BigInt => value.GetInt64(),
                ColumnType.Decimal or ColumnType.Money => Math.Round(value.GetDecimal(), column.Precision ?? 2, MidpointRounding.AwayFromZero),
                ColumnType.Boolean => value.GetBoolean(),
                ColumnType.DateTime => ParseDateTime(value.GetString()!),
                ColumnType.DateOnly => DateOnly.ParseExact(value.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ => throw Payload($"The property '{column.LogicalName}' cannot be written."),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
        {
            throw Payload($"Cannot convert the literal '{value.GetRawText()}' to the expected type '{EdmTypeName(column)}' of property '{column.LogicalName}'.");
        }
    }

    private static (string Column, EntityReference? Reference) ReadBind(TableDefinition table, string navigation, JsonElement value, Func<string, EntityReference> resolve)
    {
        var column = table.Columns.FirstOrDefault(c => c.IsLookup && c.Targets.Any(t => t.NavigationProperty == navigation))
            ?? throw Payload($"An undeclared property '{navigation}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.");
        if (value.ValueKind == JsonValueKind.Null)
        {
            return (column.LogicalName, null);
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Payload($"The value of '{navigation}@odata.bind' must be a URL string such as \"/accounts(00000000-0000-0000-0000-000000000001)\".");
        }
        var reference = resolve(value.GetString()!);
        var target = column.Targets.First(t => t.NavigationProperty == navigation);
        if (reference.Table != target.Table)
        {
            throw Payload($"The navigation property '{navigation}' points at {target.Table}, not at {reference.Table}.");
        }
        return (column.LogicalName, reference);
    }

    private static string CheckLength(TableDefinition table, ColumnDefinition column, string value)
    {
        if (column.MaxLength is int max && value.Length > max)
        {
            throw new DataverseException(400, ErrorCodes.ValidationError,
                $"A validation error occurred.  The length of the '{column.LogicalName}' attribute of the '{table.LogicalName}' entity exceeded the maximum allowed length of '{max}'.");
        }
        return value;
    }

    private static DateTimeOffset ParseDateTime(string text)
    {
        var parsed = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
        return new DateTimeOffset(parsed.Ticks - parsed.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    private static string EdmTypeName(ColumnDefinition column) => column.Type switch
    {
        ColumnType.String or ColumnType.Memo => "Edm.String",
        ColumnType.Integer or ColumnType.Picklist or ColumnType.State or ColumnType.Status => "Edm.Int32",
        ColumnType.BigInt => "Edm.Int64",
        ColumnType.Decimal or ColumnType.Money => "Edm.Decimal",
        ColumnType.Boolean => "Edm.Boolean",
        ColumnType.DateTime => "Edm.DateTimeOffset",
        ColumnType.DateOnly => "Edm.Date",
        _ => "Edm.Guid",
    };

    private static DataverseException Payload(string message) => new(400, ErrorCodes.PayloadError, message);
}
