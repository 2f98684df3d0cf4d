using System.Collections.Immutable;

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

    /// <summary>The contact policy's <c>per_account</c>: the account's touches in the window are spent.</summary>
    AccountTouchBudget,

    /// <summary>The contact policy's <c>per_contact</c>: the contact's touches in the window are spent.</summary>
    ContactTouchBudget,
}

/// <summary>A guardrail's refusal of a transition into a state that prompts an upgrade: the rule, and the facts in words.</summary>
/// <param name="Kind">The rule that refused.</param>
/// <param name="Detail">What the rule saw, e.g. the preempting playbook or the date of the decline.</param>
public sealed record GuardrailRefusal(GuardrailKind Kind, string Detail)
{
    /// <summary>
    /// The plays that hold what was refused: the preempting playbooks, or the plays whose touches fill the budget's window
    /// (a touch the CRM recorded without its play is left out). Empty for the other rules.
    /// </summary>
    public ImmutableArray<string> TakenBy { get; init; } = [];

    /// <summary>The rule's name as a playbook's front matter or the contact policy spells it (<c>preempted</c> for preemption).</summary>
    public string Rule => RuleName(Kind);

    /// <summary>The name of <paramref name="kind"/> as a playbook's front matter or the contact policy spells it.</summary>
    public static string RuleName(GuardrailKind kind) => kind switch
    {
        GuardrailKind.Preempted => "preempted",
        GuardrailKind.ChurnRisk => "exclude_churn_risk",
        GuardrailKind.QuietPeriod => "quiet_days_after_decline",
        GuardrailKind.AccountTouchBudget => "per_account",
        GuardrailKind.ContactTouchBudget => "per_contact",
        _ => "max_upgrade_prompts_per_30_days",
    };

    /// <summary>True for the rules of the contact budget, which a higher-priority play's touch can fill.</summary>
    public bool IsBudget => Kind is GuardrailKind.ContactBudget or GuardrailKind.AccountTouchBudget or GuardrailKind.ContactTouchBudget;

    /// <summary>The rule and its detail in one line.</summary>
    public override string ToString() => Kind == GuardrailKind.Preempted ? $"preempted: {Detail}"
        : Kind is GuardrailKind.AccountTouchBudget or GuardrailKind.ContactTouchBudget ? $"contact policy {Rule}: {Detail}"
        : $"guardrail {Rule}: {Detail}";
}
