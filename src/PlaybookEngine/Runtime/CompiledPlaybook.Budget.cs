using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Runtime;

public sealed partial class CompiledPlaybook
{
    /// <summary>
    /// The touch entering <paramref name="state"/> makes: a proposal when it issues one, else an upgrade task when it opens
    /// one; null for help, which the contact budget never limits.
    /// </summary>
    internal static TouchKind? TouchOf(CompiledState state) =>
        !state.PromptsUpgrade ? null : state.Definition.Proposals.IsEmpty ? TouchKind.UpgradeTask : TouchKind.Proposal;

    /// <summary>The touch entering the state named <paramref name="state"/> makes, or null (help, or no such state).</summary>
    internal TouchKind? TouchOf(string state) => IndexOf(state) is var i and >= 0 ? TouchOf(_states[i]) : null;

    /// <summary>The contact policy's rule that forbids entering <paramref name="target"/> today, or null. Allocates nothing.</summary>
    private static GuardrailKind? PolicyRefusal(CompiledState target, ContactPolicy policy, in EvaluationContext context)
    {
        if (TouchOf(target) is not { } kind || !policy.CountsKind(kind))
        {
            return null;
        }

        if (policy.PerAccount is { } account && context.History.CountWithin(account, policy, context.Today, null) >= account.Touches)
        {
            return GuardrailKind.AccountTouchBudget;
        }

        if (policy.PerContact is { } contact && context.History.CountWithin(contact, policy, context.Today, ContactPolicy.PrimaryContact) >= contact.Touches)
        {
            return GuardrailKind.ContactTouchBudget;
        }

        return null;
    }

    /// <summary>A budget refusal in words: the limit, how many touches fill it, and which play made each.</summary>
    private static GuardrailRefusal ExplainBudget(GuardrailKind kind, ContactPolicy policy, in EvaluationContext context)
    {
        var (limit, contact) = kind == GuardrailKind.AccountTouchBudget ? (policy.PerAccount!, (string?)null) : (policy.PerContact!, ContactPolicy.PrimaryContact);
        var touches = context.History.Within(limit, policy, context.Today, contact);
        var whom = contact is null ? "the account" : $"contact `{contact}`";
        var each = string.Join("; ", touches.Select(t =>
            $"{ContactPolicyParser.NameOf(t.Kind)} {(t.PlaybookId is { } id ? $"by `{id}` " : "")}on {t.Day:yyyy-MM-dd}"));
        return new GuardrailRefusal(kind, $"{touches.Count} of {limit} used by {whom}: {each}")
        {
            TakenBy = [.. touches.Where(t => t.PlaybookId is not null).Select(t => t.PlaybookId!).Distinct(StringComparer.Ordinal)],
        };
    }

    /// <summary>
    /// The guardrails an upgrade prompt into <paramref name="target"/> passed, in words, for its provenance. Empty for help.
    /// Called only when a transition fires.
    /// </summary>
    private ImmutableArray<string> PassedGuardrails(CompiledState target, in EvaluationContext context)
    {
        if (!target.PromptsUpgrade)
        {
            return [];
        }

        var passed = ImmutableArray.CreateBuilder<string>();
        passed.Add("preempted: no playbook preempting this one is engaged");
        var guardrails = Definition.Guardrails;
        if (guardrails.ExcludeChurnRisk)
        {
            passed.Add("exclude_churn_risk: the account is not at churn risk");
        }

        if (guardrails.QuietDaysAfterDecline is { } quiet)
        {
            passed.Add(context.History.LastDeclinedOn is { } declined
                ? $"quiet_days_after_decline: last decline on {declined:yyyy-MM-dd}, more than {quiet} days ago"
                : $"quiet_days_after_decline: no proposal declined");
        }

        if (context.Policy is { } policy)
        {
            if (TouchOf(target) is { } kind && !policy.CountsKind(kind))
            {
                passed.Add($"contact policy: {ContactPolicyParser.NameOf(kind)} touches do not count");
            }
            else
            {
                if (policy.PerAccount is { } account)
                {
                    passed.Add($"per_account: {context.History.CountWithin(account, policy, context.Today, null)} of {account} used before this one");
                }

                if (policy.PerContact is { } contact)
                {
                    passed.Add($"per_contact: {context.History.CountWithin(contact, policy, context.Today, ContactPolicy.PrimaryContact)} of {contact} " +
                        $"used by contact `{ContactPolicy.PrimaryContact}` before this one");
                }
            }
        }
        else if (guardrails.MaxUpgradePromptsPer30Days is { } budget)
        {
            passed.Add($"max_upgrade_prompts_per_30_days: {context.History.PromptsWithin(context.Today, 30)} of {budget} used before this one");
        }

        return passed.ToImmutable();
    }
}
