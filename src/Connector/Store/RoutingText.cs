using System.Text.Json;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Routing;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Store;

/// <summary>How every state store spells the routing ledger's columns (<c>task_routing</c>), the same on SQLite and PostgreSQL.</summary>
internal static class RoutingText
{
    /// <summary>The outcomes that take a slot in a week's load.</summary>
    public const string Loaded = "('assigned', 'pooled', 'released')";

    public static string Outcome(RoutingOutcome outcome) => outcome switch
    {
        RoutingOutcome.Assigned => "assigned",
        RoutingOutcome.Pooled => "pooled",
        RoutingOutcome.Deferred => "deferred",
        RoutingOutcome.Released => "released",
        _ => "superseded",
    };

    public static RoutingOutcome ParseOutcome(string text) => text switch
    {
        "assigned" => RoutingOutcome.Assigned,
        "pooled" => RoutingOutcome.Pooled,
        "deferred" => RoutingOutcome.Deferred,
        "released" => RoutingOutcome.Released,
        "superseded" => RoutingOutcome.Superseded,
        _ => throw new FormatException($"task_routing: unknown outcome '{text}'"),
    };

    public static string Priority(TaskPriority priority) => priority switch
    {
        TaskPriority.Urgent => "urgent",
        TaskPriority.High => "high",
        TaskPriority.Normal => "normal",
        _ => "low",
    };

    public static string? HeldJson(RoutedTask routed) =>
        routed.Held is null ? null : JsonSerializer.Serialize<CrmWrite>(routed.Held, CrmJson.Default.CrmWrite);

    public static CrmTask ParseHeld(string key, string json) =>
        JsonSerializer.Deserialize(json, CrmJson.Default.CrmWrite) as CrmTask
        ?? throw new FormatException($"task_routing: the held task {key} is not a task");

    /// <summary>The stages of a commit that supersede held tasks of earlier steps (an instance's first step opens nothing).</summary>
    public static IEnumerable<CrmPlaybookStage> Superseding(PageCommit commit) =>
        commit.Outbox.Select(o => o.Write).OfType<CrmPlaybookStage>().Where(s => s.Step > 1);
}
