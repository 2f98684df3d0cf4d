using System.Text.Json;
using System.Text.Json.Serialization;
using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Sync;

/// <summary>The outbox payloads: the CRM write records as snake_case JSON, source-generated.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CrmTask))]
[JsonSerializable(typeof(CrmProposal))]
[JsonSerializable(typeof(CrmPlaybookStage))]
internal sealed partial class OutboxJson : JsonSerializerContext
{
    public const string TaskKind = "task";
    public const string ProposalKind = "proposal";
    public const string StageKind = "stage";
}
