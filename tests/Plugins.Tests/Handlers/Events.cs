using System.Collections.Immutable;
using CrmSuite.Plugins.Context;

namespace CrmSuite.Plugins.Tests.Handlers;

/// <summary>Plugin contexts built from plain objects, as a handler sees them.</summary>
internal static class Events
{
    public static readonly Guid Account = Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6");

    public static PluginContext Update(string table, IDictionary<string, AttributeValue> target, IDictionary<string, AttributeValue>? post = null,
        string message = "Update", int depth = 1, bool sizeExceeded = false) =>
        new(message, table, Guid.NewGuid(), PipelineStage.PostOperation, ExecutionMode.Asynchronous, depth, Guid.NewGuid(), Guid.NewGuid(),
            Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "contoso", DateTimeOffset.UnixEpoch, false,
            sizeExceeded ? null : Entity(table, target), null, ImmutableDictionary<string, AttributeValue>.Empty,
            ImmutableDictionary<string, AttributeValue>.Empty, ImmutableDictionary<string, PluginEntity>.Empty,
            post is null ? ImmutableDictionary<string, PluginEntity>.Empty : ImmutableDictionary<string, PluginEntity>.Empty.Add("post", Entity(table, post)),
            null, sizeExceeded);

    public static PluginEntity Entity(string table, IDictionary<string, AttributeValue> attributes) =>
        new(table, Guid.NewGuid(), attributes.ToImmutableDictionary(StringComparer.Ordinal), ImmutableDictionary<string, string>.Empty);

    public static EntityReferenceValue AccountRef => new("account", Account, null);
}
