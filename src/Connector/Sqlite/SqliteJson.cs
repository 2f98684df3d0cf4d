using System.Text.Json.Serialization;

namespace CrmSuite.Connector.Sqlite;

/// <summary>Source-generated JSON for the id lists the SQLite files pass to <c>json_each</c>.</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<long>))]
[JsonSerializable(typeof(string[][]))]
internal sealed partial class SqliteJson : JsonSerializerContext;
