namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>Which rule refused an upgrade prompt.</summary>
public enum GuardrailKind
{
    /// <summary>Another playbook that preempts upgrade prompts (a churn rescue) is engaged with the account.</summary>
    Preempted,

    /// <summary><c>exclude_churn_risk</c>: the account is at churn risk.</summary>
    ChurnRisk,

    /// <summary><c>quiet_days_after_decline</c>: a proposal was declined recently.</summary>
    QuietPeriod,

    /// <summary><c>max_upgrade_prompts_per_30_days</c>: the contact budget shared by all playbooks is spent.</summary>
    ContactBudget,
}

/// <summary>A guardrail's refusal of a transition into a state that prompts an upgrade: the rule, and the facts in words.</summary>
/// <param name="Kind">The rule that refused.</param>
/// <param name="Detail">What the rule saw, e.g. the preempting playbook or the date of the decline.</param>
public sealed record GuardrailRefusal(GuardrailKind Kind, string Detail)
{
    /// <summary>The rule's name as a playbook's front matter spells it (<c>preempted</c> for preemption).</summary>
    public string Rule => Kind switch
    {
        GuardrailKind.Preempted => "preempted",
        GuardrailKind.ChurnRisk => "exclude_churn_risk",
        GuardrailKind.QuietPeriod => "quiet_days_after_decline",
        _ => "max_upgrade_prompts_per_30_days",
    };

    /// <summary>The rule and its detail in one line.</summary>
    public override string ToString() => Kind == GuardrailKind.Preempted ? $"preempted: {Detail}" : $"guardrail {Rule}: {Detail}";
}
