namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>
/// What the account has already been asked, across every playbook: the input of the contact budget and quiet periods.
/// </summary>
/// <param name="UpgradePromptDays">The days on which the account received an upgrade prompt, one entry per prompt.</param>
/// <param name="LastDeclinedOn">The day the account last declined a proposal, if ever.</param>
public sealed record ContactHistory(IReadOnlyList<DateOnly> UpgradePromptDays, DateOnly? LastDeclinedOn)
{
    /// <summary>An account never prompted and never declining: no guardrail based on history applies.</summary>
    public static ContactHistory None { get; } = new([], null);

    internal int PromptsWithin(DateOnly today, int days)
    {
        var count = 0;
        foreach (var day in UpgradePromptDays)
        {
            if (day > today.AddDays(-days) && day <= today)
            {
                count++;
            }
        }

        return count;
    }
}
