using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Diagnostics;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>
/// A playbook's <c>max_upgrade_prompts_per_30_days</c> once a contact policy exists: the same limit as the policy's
/// <c>per_account</c> is read and warned about (PB063, it moved); another value is error PB062, so two budgets never
/// silently disagree.
/// </summary>
internal static class ContactPolicyCheck
{
    private const int LegacyWindowDays = 30;

    public static ImmutableArray<PlaybookDefinition> KeepAgreeing(ImmutableArray<PlaybookDefinition> playbooks, ContactPolicy policy, DiagnosticBag diagnostics)
    {
        var kept = ImmutableArray.CreateBuilder<PlaybookDefinition>(playbooks.Length);
        foreach (var playbook in playbooks)
        {
            if (playbook.Guardrails.MaxUpgradePromptsPer30Days is not { } legacy)
            {
                kept.Add(playbook);
                continue;
            }

            var at = playbook.Guardrails.MaxUpgradePromptsPosition ?? playbook.IdPosition;
            if (policy.PerAccount is { } limit && limit.Touches == legacy && limit.Days == LegacyWindowDays)
            {
                diagnostics.Warning(at, "PB063",
                    $"`max_upgrade_prompts_per_30_days` moved to {policy.Path} (`per_account: {limit}`), which sets it for every play; remove this line");
                kept.Add(playbook);
                continue;
            }

            var policyText = policy.PerAccount is { } set ? $"`per_account: {set}`" : "no `per_account` limit";
            diagnostics.Error(at, "PB062",
                $"`max_upgrade_prompts_per_30_days: {legacy}` disagrees with {policy.Path}, which sets {policyText} for every play; " +
                "remove this line (the contact policy decides) or change the policy");
        }

        return kept.ToImmutable();
    }
}
