using System.Collections.Immutable;
using System.Text.Json;
using CrmSuite.Plugins.Context;

namespace CrmSuite.Plugins.Parsing;

/// <summary>
/// Parses the body Dataverse posts to a webhook — a RemoteExecutionContext in DataContract JSON — into a
/// <see cref="PluginContext"/>. Unknown properties and attributes are ignored; a body that is not such a context fails with a
/// <see cref="WebhookPayloadException"/> naming the JSON path.
/// </summary>
internal static class RemoteExecutionContextParser
{
    /// <summary>Deeper than any context Dataverse sends (a parent context holding an entity collection of entities…).</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth };

    /// <param name="sizeExceeded">The request carried <c>x-ms-dynamics-msg-size-exceeded</c>: inputs and images were stripped.</param>
    public static PluginContext Parse(ReadOnlyMemory<byte> body, bool sizeExceeded = false)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException ex)
        {
            throw new WebhookPayloadException("$", $"not JSON: {ex.Message}");
        }

        using (document)
        {
            return Context(document.RootElement, "$", sizeExceeded);
        }
    }

    private static PluginContext Context(JsonElement root, string path, bool sizeExceeded)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookPayloadException(path, $"expected a RemoteExecutionContext object, got {AttributeValueReader.Describe(root)}");
        }

        var inputs = Parameters(root, "InputParameters", path);
        var target = inputs.GetValueOrDefault("Target");
        return new PluginContext(
            RequiredString(root, "MessageName", path),
            RequiredString(root, "PrimaryEntityName", path),
            AttributeValueReader.OptionalGuid(root, "PrimaryEntityId", path) ?? Guid.Empty,
            Stage(root, path),
            Mode(root, path),
            Int(root, "Depth", path, required: true),
            AttributeValueReader.OptionalGuid(root, "UserId", path) ?? Guid.Empty,
            AttributeValueReader.OptionalGuid(root, "InitiatingUserId", path) ?? Guid.Empty,
            AttributeValueReader.OptionalGuid(root, "CorrelationId", path) ?? Guid.Empty,
            AttributeValueReader.OptionalGuid(root, "OperationId", path) ?? Guid.Empty,
            AttributeValueReader.OptionalGuid(root, "OrganizationId", path) ?? Guid.Empty,
            AttributeValueReader.OptionalString(root, "OrganizationName", path) ?? "",
            Date(root, "OperationCreatedOn", path),
            root.TryGetProperty("IsInTransaction", out var tx) && tx.ValueKind == JsonValueKind.True,
            (target as EntityValue)?.Entity,
            target as EntityReferenceValue,
            inputs,
            Parameters(root, "OutputParameters", path),
            Images(root, "PreEntityImages", path),
            Images(root, "PostEntityImages", path),
            root.TryGetProperty("ParentContext", out var parent) && parent.ValueKind == JsonValueKind.Object
                ? Context(parent, $"{path}.ParentContext", sizeExceeded: false)
                : null,
            sizeExceeded);
    }

    private static ImmutableDictionary<string, AttributeValue> Parameters(JsonElement owner, string property, string path)
    {
        var values = ImmutableDictionary.CreateBuilder<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (key, value, at) in AttributeValueReader.Pairs(owner, property, path))
        {
            values[key] = AttributeValueReader.Read(value, at);
        }

        return values.ToImmutable();
    }

    private static ImmutableDictionary<string, PluginEntity> Images(JsonElement owner, string property, string path)
    {
        var images = ImmutableDictionary.CreateBuilder<string, PluginEntity>(StringComparer.Ordinal);
        foreach (var (key, value, at) in AttributeValueReader.Pairs(owner, property, path))
        {
            images[key] = AttributeValueReader.Entity(value, at);
        }

        return images.ToImmutable();
    }

    private static string RequiredString(JsonElement owner, string property, string path) =>
        AttributeValueReader.OptionalString(owner, property, path) is { Length: > 0 } text ? text
            : throw new WebhookPayloadException($"{path}.{property}", "missing; a RemoteExecutionContext names its message and table");

    private static int Int(JsonElement owner, string property, string path, bool required)
    {
        if (!owner.TryGetProperty(property, out var value))
        {
            return required ? throw new WebhookPayloadException($"{path}.{property}", "missing") : 0;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number
            : throw new WebhookPayloadException($"{path}.{property}", $"expected a whole number, got {AttributeValueReader.Describe(value)}");
    }

    private static PipelineStage Stage(JsonElement owner, string path)
    {
        var stage = Int(owner, "Stage", path, required: true);
        return Enum.IsDefined((PipelineStage)stage) ? (PipelineStage)stage
            : throw new WebhookPayloadException($"{path}.Stage", $"expected 10, 20, 30 or 40, got {stage}");
    }

    private static ExecutionMode Mode(JsonElement owner, string path)
    {
        var mode = Int(owner, "Mode", path, required: true);
        return mode is 0 or 1 ? (ExecutionMode)mode : throw new WebhookPayloadException($"{path}.Mode", $"expected 0 (synchronous) or 1 (asynchronous), got {mode}");
    }

    private static DateTimeOffset? Date(JsonElement owner, string property, string path)
    {
        var text = AttributeValueReader.OptionalString(owner, property, path);
        if (text is null)
        {
            return null;
        }

        return DataContractDate.TryParse(text, out var date) ? date
            : throw new WebhookPayloadException($"{path}.{property}", $"expected a /Date(milliseconds)/ date, got \"{text}\"");
    }
}
