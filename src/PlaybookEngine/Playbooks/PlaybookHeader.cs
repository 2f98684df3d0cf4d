using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Experiments;
using CrmSuite.PlaybookEngine.Text;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>The playbook's front matter, read and type-checked field by field.</summary>
internal sealed record PlaybookHeader(
    string? Kind,
    string? Id,
    SourcePosition IdPosition,
    string? Title,
    int? Version,
    PlaybookStatus? Status,
    string? Owner,
    PlaybookCategory? Category,
    int Priority,
    string? Start,
    SourcePosition StartPosition,
    AppliesTo AppliesTo,
    Guardrails Guardrails,
    ImmutableArray<PlaybookCategory> Preempts,
    PlaybookExperiment? Experiment);
