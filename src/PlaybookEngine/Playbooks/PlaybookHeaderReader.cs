using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>Reads a playbook's front matter (the YAML between the two <c>---</c> lines) into its <see cref="PlaybookHeader"/>.</summary>
internal static partial class PlaybookHeaderReader
{
    private static readonly string[] KnownFields =
        ["kind", "id", "title", "version", "status", "owner", "category", "priority", "start", "applies_to", "guardrails", "preempts", "holdout", "experiment"];

    private static readonly string[] FilterSignals = ["segment", "tier", "industry", "lifecycle_stage"];

    private static readonly string[] GuardrailFields = ["max_upgrade_prompts_per_30_days", "quiet_days_after_decline", "exclude_churn_risk"];

    public static PlaybookHeader Read(YamlFields fields, SignalCatalog catalog)
    {
        fields.ReportUnknownKeys(KnownFields, "the front matter", strict: false, Misplaced);
        var (kind, _) = fields.Text("kind", required: false);
        var (id, idPosition) = fields.Text("id", required: true);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            fields.Error(idPosition, "PB004", $"field `id` must use lowercase letters, digits and '-', got `{id}`");
        }

        var (title, _) = fields.Text("title", required: true);
        var version = fields.Int("version", required: true, min: 1);
        var status = fields.Enum<PlaybookStatus>("status", required: true);
        var (owner, _) = fields.Text("owner", required: true);
        var category = fields.Enum<PlaybookCategory>("category", required: true);
        var priority = fields.Int("priority", required: false, min: 0) ?? 0;
        var (start, startPosition) = fields.Text("start", required: true);
        var preempts = ReadPreempts(fields);
        return new PlaybookHeader(kind, id, idPosition, title, version, status, owner, category, priority, start, startPosition,
            ReadAppliesTo(fields, catalog), ReadGuardrails(fields), preempts, ExperimentFields.Read(fields));
    }

    /// <summary>A guardrail or an applies_to filter written at the top level is not applied: say where it belongs.</summary>
    private static string? Misplaced(string name) =>
        GuardrailFields.Contains(name) ? $"`{name}` is a guardrail; indent it under `guardrails:`"
        : FilterSignals.Contains(name) ? $"`{name}` filters accounts; indent it under `applies_to:`"
        : null;

    private static AppliesTo ReadAppliesTo(YamlFields fields, SignalCatalog catalog)
    {
        var nested = fields.Nested("applies_to");
        if (nested is null)
        {
            return AppliesTo.Everyone;
        }

        nested.ReportUnknownKeys(FilterSignals, "applies_to", strict: true, name => GuardrailFields.Contains(name) ? $"`{name}` is a guardrail; put it under `guardrails:`" : null);
        var filters = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>();
        foreach (var signalName in FilterSignals)
        {
            if (nested.Node(signalName) is not { } node)
            {
                continue;
            }

            var signal = catalog[signalName];
            var values = ImmutableArray.CreateBuilder<string>();
            foreach (var (value, position) in nested.List(node, $"applies_to.{signalName}"))
            {
                if (signal.EnumIndex(value) < 0)
                {
                    nested.Error(position, "PB004",
                        $"applies_to.{signalName} has unknown value `{value}`; expected one of {string.Join(", ", signal.EnumValues)}{NameSuggester.Hint(value, signal.EnumValues)}");
                    continue;
                }

                values.Add(value.ToLowerInvariant());
            }

            filters[signalName] = values.ToImmutable();
        }

        return new AppliesTo(filters.ToImmutable());
    }

    private static Guardrails ReadGuardrails(YamlFields fields)
    {
        var nested = fields.Nested("guardrails");
        if (nested is null)
        {
            return Guardrails.None;
        }

        nested.ReportUnknownKeys(GuardrailFields, "guardrails", strict: true, name => FilterSignals.Contains(name) ? $"`{name}` filters accounts; put it under `applies_to:`" : null);
        var maxPromptsAt = nested.Node("max_upgrade_prompts_per_30_days") is { } node ? nested.PositionOf(node) : (Text.SourcePosition?)null;
        return new Guardrails(
            nested.Int("max_upgrade_prompts_per_30_days", required: false, min: 0),
            nested.Int("quiet_days_after_decline", required: false, min: 0),
            nested.Bool("exclude_churn_risk") ?? false) { MaxUpgradePromptsPosition = maxPromptsAt };
    }

    private static ImmutableArray<PlaybookCategory> ReadPreempts(YamlFields fields)
    {
        if (fields.Node("preempts") is not { } node)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<PlaybookCategory>();
        foreach (var (value, position) in fields.List(node, "preempts"))
        {
            if (fields.EnumValue<PlaybookCategory>("preempts", value, position) is { } category)
            {
                result.Add(category);
            }
        }

        return result.ToImmutable();
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}
