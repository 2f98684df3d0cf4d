using System.Text.Json.Serialization;

namespace CrmSuite.Connector.Store;

/// <summary>Source-generated JSON for the id lists the store passes to <c>json_each</c>.</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<long>))]
internal sealed partial class StoreJson : JsonSerializerContext;
