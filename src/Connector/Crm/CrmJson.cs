using System.Text.Json;
using System.Text.Json.Serialization;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Crm;

/// <summary>
/// Source-generated JSON of the CRM writes (as the outbox stores them, with a <c>kind</c> discriminator) and of their
/// provenance (as a CRM row keeps it beside the one-line reason): snake_case, enums as text.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true,
    Converters = [typeof(ReasonJsonConverter)])]
[JsonSerializable(typeof(CrmWrite))]
[JsonSerializable(typeof(Reason))]
[JsonSerializable(typeof(ProposalTerms))]
internal sealed partial class CrmJson : JsonSerializerContext;
