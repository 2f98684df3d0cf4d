using System.Collections.Frozen;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Templates;

/// <summary>The variables a playbook text may use, e.g. <c>{{ account.name }}</c> or <c>{{ signals.seat_utilization | percent }}</c>.</summary>
internal static class TemplateVariables
{
    public static readonly FrozenSet<string> AccountFields =
        new[] { "id", "name", "segment", "industry", "lifecycle_stage", "csm", "tier", "seats", "seats_used", "renewal_date", "mrr" }
            .ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> PlaybookFields = new[] { "id", "title", "version" }.ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> StateFields = new[] { "name" }.ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> Filters = new[] { "percent", "days", "money" }.ToFrozenSet(StringComparer.Ordinal);

    public static IReadOnlyCollection<string> FieldsOf(string root, SignalCatalog catalog) => root switch
    {
        "account" => AccountFields,
        "playbook" => PlaybookFields,
        "state" => StateFields,
        "signals" => catalog.Names.ToArray(),
        _ => [],
    };

    public static readonly string[] Roots = ["account", "signals", "playbook", "state"];
}
