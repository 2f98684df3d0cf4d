using System.Text;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Crm;

/// <summary>
/// A task's or proposal's provenance in lines a person reads in a CRM text column: why (the trigger and each reading),
/// the transition, the guardrails it passed and the plays it outranked.
/// </summary>
internal static class ProvenanceText
{
    public static string Of(Reason reason)
    {
        var text = new StringBuilder();
        text.Append("Why: ").Append(reason.ToString());
        if (reason.From.Length > 0)
        {
            text.Append("\nTransition: ").Append(reason.From).Append(" -> ").Append(reason.To);
        }

        if (!reason.Passed.IsDefaultOrEmpty)
        {
            text.Append("\nGuardrails passed: ").AppendJoin("; ", reason.Passed);
        }

        if (!reason.Outranked.IsDefaultOrEmpty)
        {
            text.Append("\nOutranked: ").AppendJoin("; ", reason.Outranked);
        }

        return text.ToString();
    }
}
