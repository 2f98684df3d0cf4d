namespace CrmSuite.Connector.Store;

/// <summary>
/// The suppressed touches of the audit log (upgrade prompts a guardrail, preemption or the contact budget refused), for
/// <c>crmsuite status</c>, <c>crmsuite metrics</c> and the work queue's account view.
/// </summary>
internal interface ISuppressedTouches
{
    /// <summary>Suppressed touches recorded from <paramref name="since"/> (included) to <paramref name="until"/> (excluded), counted by rule and playbook.</summary>
    Task<IReadOnlyList<SuppressedCount>> CountSuppressedAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>The account's suppressed touches, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<SuppressedTouch>> ReadSuppressedAsync(string accountId, int limit, CancellationToken cancellationToken);
}

/// <summary>How many touches one rule suppressed for one playbook.</summary>
/// <param name="Rule">The rule as the playbook or the contact policy spells it (<c>per_account</c>, <c>preempted</c>…).</param>
internal sealed record SuppressedCount(string Rule, string PlaybookId, long Touches);

/// <summary>One suppressed touch as the audit log keeps it.</summary>
/// <param name="Reason">The transition's reason, then the refusal in words: which play got the slot and the counts.</param>
internal sealed record SuppressedTouch(DateTimeOffset At, string PlaybookId, int PlaybookVersion, string From, string To, string Rule, string Reason);
