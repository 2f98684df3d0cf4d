using System.Globalization;
using System.Text.Json;
using CrmSuite.DataverseEmulator.Schema;
using CrmSuite.DataverseEmulator.Store;

namespace CrmSuite.DataverseEmulator.Plugins;

/// <summary>One call of a step: the operation, the step, the target, and the images it registered, ready to serialise.</summary>
internal sealed record StepEvent(
    RegisteredStep Step,
    RowWrite Write,
    Row? Stored,
    Guid OperationId,
    Guid CorrelationId,
    Guid UserId,
    DateTimeOffset At,
    int Depth = 1);

/// <summary>
/// Writes the RemoteExecutionContext of a step call as Dataverse posts it (use-webhooks.md's sample): DataContract JSON with
/// key/value lists, typed values by <c>__type</c> (Entity, EntityReference, OptionSetValue, Money), dates as
/// <c>/Date(milliseconds)/</c>, the target with only the columns the operation set, the images with the registered columns.
/// </summary>
internal static class ExecutionContextJson
{
    private const string Contracts = "http://schemas.microsoft.com/xrm/2011/Contracts";

    public static byte[] Write(StepEvent e, EmulatorOptions options, string organizationName, bool stripped)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            var write = e.Write;
            var definition = write.Table.Definition;
            json.WriteStartObject();
            json.WriteString("BusinessUnitId", options.BusinessUnitId);
            json.WriteString("CorrelationId", e.CorrelationId);
            json.WriteNumber("Depth", e.Depth);
            json.WriteString("InitiatingUserId", e.UserId);
            json.WriteStartArray("InputParameters");
            if (!stripped)
            {
                json.WriteStartObject();
                json.WriteString("key", "Target");
                json.WritePropertyName("value");
                if (write.Message == "Delete")
                {
                    Reference(json, definition.LogicalName, write.Id);
                }
                else
                {
                    var target = new Dictionary<string, object?>(write.Changes, StringComparer.Ordinal) { [definition.PrimaryIdAttribute] = write.Id };
                    Entity(json, definition, write.Id, target, null);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteBoolean("IsExecutingOffline", false);
            json.WriteBoolean("IsInTransaction", e.Step.Mode == 0);
            json.WriteBoolean("IsOfflinePlayback", false);
            json.WriteNumber("IsolationMode", 1);
            json.WriteString("MessageName", write.Message);
            json.WriteNumber("Mode", e.Step.Mode);
            json.WriteString("OperationCreatedOn", Date(e.At));
            json.WriteString("OperationId", e.OperationId);
            json.WriteString("OrganizationId", options.OrganizationId);
            json.WriteString("OrganizationName", organizationName);
            json.WriteStartArray("OutputParameters");
            if (write.Message == "Create" && e.Step.Stage == 40)
            {
                json.WriteStartObject();
                json.WriteString("key", "id");
                json.WriteString("value", write.Id);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("OwningExtension");
            json.WriteString("Id", e.Step.Id);
            json.WriteStartArray("KeyAttributes");
            json.WriteEndArray();
            json.WriteString("LogicalName", "sdkmessageprocessingstep");
            json.WriteString("Name", e.Step.Name);
            json.WriteNull("RowVersion");
            json.WriteEndObject();
            json.WriteNull("ParentContext");
            Images(json, "PostEntityImages", stripped ? [] : e.Step.Images.Where(i => i.Type is 1 or 2 && e.Stored is not null && e.Step.Stage == 40), e.Stored, definition, e.Step);
            Images(json, "PreEntityImages", stripped ? [] : e.Step.Images.Where(i => i.Type is 0 or 2 && write.Before is not null), write.Before, definition, e.Step);
            json.WriteString("PrimaryEntityId", write.Id);
            json.WriteString("PrimaryEntityName", definition.LogicalName);
            json.WriteNull("RequestId");
            json.WriteString("SecondaryEntityName", "none");
            json.WriteStartArray("SharedVariables");
            json.WriteEndArray();
            json.WriteNumber("Stage", e.Step.Stage);
            json.WriteString("UserAzureActiveDirectoryObjectId", Guid.Empty);
            json.WriteString("UserId", e.UserId);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Images(Utf8JsonWriter json, string name, IEnumerable<RegisteredImage> images, Row? row, TableDefinition table, RegisteredStep step)
    {
        json.WriteStartArray(name);
        var written = false;
        foreach (var image in images)
        {
            Image(json, image.Alias, row!, table, image.Attributes);
            written = true;
        }

        // Dataverse adds the row's primary name to every asynchronous post-operation step that registered no post image.
        if (name == "PostEntityImages" && !written && step.Mode == 1 && step.Stage == 40 && row is not null && step.Images.Count(i => i.Type is 1 or 2) == 0)
        {
            Image(json, "AsynchronousStepPrimaryName", row, table, [table.PrimaryNameAttribute, table.PrimaryIdAttribute]);
        }

        json.WriteEndArray();
    }

    private static void Image(Utf8JsonWriter json, string alias, Row row, TableDefinition table, IReadOnlyList<string> attributes)
    {
        json.WriteStartObject();
        json.WriteString("key", alias);
        json.WritePropertyName("value");
        // An image holds the registered columns that have a value (all of them when none is named).
        var columns = attributes.Count == 0 ? row.Values.Keys : attributes;
        var values = columns.Where(c => row[c] is not null && table.Column(c) is not null).ToDictionary(c => c, c => row[c], StringComparer.Ordinal);
        Entity(json, table, row.Id, values, row.Values.GetValueOrDefault("versionnumber"));
        json.WriteEndObject();
    }

    private static void Entity(Utf8JsonWriter json, TableDefinition table, Guid id, IReadOnlyDictionary<string, object?> values, object? version)
    {
        json.WriteStartObject();
        json.WriteString("__type", $"Entity:{Contracts}");
        json.WriteStartArray("Attributes");
        foreach (var (column, value) in values)
        {
            if (table.Column(column) is not { } definition)
            {
                continue;
            }

            json.WriteStartObject();
            json.WriteString("key", column);
            json.WritePropertyName("value");
            Value(json, definition, value);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNull("EntityState");
        json.WriteStartArray("FormattedValues");
        json.WriteEndArray();
        json.WriteString("Id", id);
        json.WriteStartArray("KeyAttributes");
        json.WriteEndArray();
        json.WriteString("LogicalName", table.LogicalName);
        json.WriteStartArray("RelatedEntities");
        json.WriteEndArray();
        if (version is long v)
        {
            json.WriteString("RowVersion", v.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull("RowVersion");
        }

        json.WriteEndObject();
    }

    private static void Value(Utf8JsonWriter json, ColumnDefinition column, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case int option when column.Type is ColumnType.Picklist or ColumnType.State or ColumnType.Status:
                json.WriteStartObject();
                json.WriteString("__type", $"OptionSetValue:{Contracts}");
                json.WriteNumber("Value", option);
                json.WriteEndObject();
                break;
            case decimal money when column.Type == ColumnType.Money:
                json.WriteStartObject();
                json.WriteString("__type", $"Money:{Contracts}");
                json.WriteNumber("Value", money);
                json.WriteEndObject();
                break;
            case EntityReference reference:
                Reference(json, reference.Table, reference.Id);
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case int number:
                json.WriteNumberValue(number);
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            case decimal number:
                json.WriteNumberValue(number);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case Guid guid:
                json.WriteStringValue(guid);
                break;
            case DateTimeOffset at:
                json.WriteStringValue(Date(at));
                break;
            case DateOnly day:
                json.WriteStringValue(Date(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void Reference(Utf8JsonWriter json, string table, Guid id)
    {
        json.WriteStartObject();
        json.WriteString("__type", $"EntityReference:{Contracts}");
        json.WriteString("Id", id);
        json.WriteStartArray("KeyAttributes");
        json.WriteEndArray();
        json.WriteString("LogicalName", table);
        json.WriteNull("Name");
        json.WriteNull("RowVersion");
        json.WriteEndObject();
    }

    /// <summary>DataContract's date: <c>/Date(milliseconds since 1970 UTC)/</c>.</summary>
    public static string Date(DateTimeOffset at) => $"/Date({at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)})/";
}
