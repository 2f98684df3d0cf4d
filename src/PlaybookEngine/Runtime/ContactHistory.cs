using CrmSuite.PlaybookEngine.Playbooks;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>
/// What the account has already been asked, across every playbook: the input of the contact budget and quiet periods.
/// </summary>
/// <param name="UpgradePromptDays">
/// The days on which the account received an upgrade proposal, one entry per proposal (as the CRM's proposals tell it);
/// under a contact policy each counts as a <see cref="TouchKind.Proposal"/> touch of the primary contact.
/// </param>
/// <param name="LastDeclinedOn">The day the account last declined a proposal, if ever.</param>
public sealed record ContactHistory(IReadOnlyList<DateOnly> UpgradePromptDays, DateOnly? LastDeclinedOn)
{
    /// <summary>An account never prompted and never declining: no guardrail based on history applies.</summary>
    public static ContactHistory None { get; } = new([], null);

    /// <summary>
    /// Touches known with their kind, contact and play, beyond <see cref="UpgradePromptDays"/>: those an evaluation makes
    /// (a higher-priority play's touch today), and those a CRM records in detail. Empty by default.
    /// </summary>
    public IReadOnlyList<ContactTouch> Touches { get; init; } = [];

    internal int PromptsWithin(DateOnly today, int days)
    {
        var count = 0;
        foreach (var day in UpgradePromptDays)
        {
            if (InWindow(day, today, days))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>How many touches <see cref="Within"/> would find, without allocating: tested at every evaluation of a refused line.</summary>
    internal int CountWithin(TouchLimit limit, ContactPolicy policy, DateOnly today, string? contact)
    {
        var count = policy.CountsKind(TouchKind.Proposal) && (contact is null || contact == ContactPolicy.PrimaryContact)
            ? PromptsWithin(today, limit.Days)
            : 0;
        for (var i = 0; i < Touches.Count; i++)
        {
            var touch = Touches[i];
            if (policy.CountsKind(touch.Kind) && InWindow(touch.Day, today, limit.Days) && (contact is null || touch.Contact == contact))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The touches that count against <paramref name="limit"/> today: of a counted kind, in the window, and, when
    /// <paramref name="contact"/> is given, reaching that contact. <see cref="UpgradePromptDays"/> are proposals to the
    /// primary contact by a play the CRM does not name.
    /// </summary>
    internal List<ContactTouch> Within(TouchLimit limit, ContactPolicy policy, DateOnly today, string? contact)
    {
        var found = new List<ContactTouch>();
        if (policy.CountsKind(TouchKind.Proposal) && (contact is null || contact == ContactPolicy.PrimaryContact))
        {
            foreach (var day in UpgradePromptDays)
            {
                if (InWindow(day, today, limit.Days))
                {
                    found.Add(new ContactTouch(day, TouchKind.Proposal, ContactPolicy.PrimaryContact, null));
                }
            }
        }

        foreach (var touch in Touches)
        {
            if (policy.CountsKind(touch.Kind) && InWindow(touch.Day, today, limit.Days) && (contact is null || touch.Contact == contact))
            {
                found.Add(touch);
            }
        }

        return found;
    }

    /// <summary>A touch on <paramref name="day"/> counts for <paramref name="days"/> days: that day and the days − 1 after it.</summary>
    private static bool InWindow(DateOnly day, DateOnly today, int days) => day > today.AddDays(-days) && day <= today;
}

/// <summary>One touch of a customer: when, what kind, which contact it reached and which play made it.</summary>
/// <param name="Day">The day of the touch.</param>
/// <param name="Kind">A proposal, or a CSM's upgrade task.</param>
/// <param name="Contact">The contact reached; <see cref="ContactPolicy.PrimaryContact"/> unless the CRM names another.</param>
/// <param name="PlaybookId">The play that made it, or null when the CRM does not say.</param>
public sealed record ContactTouch(DateOnly Day, TouchKind Kind, string Contact, string? PlaybookId)
{
    /// <summary>
    /// For a task the CRM holds: the state it was opened in. The CRM does not keep a task's purpose, so the runtime counts
    /// such a touch only when entering that state of <see cref="PlaybookId"/> opens an upgrade task (not help, not a
    /// proposal, which the CRM's proposals already count). Null for a touch whose kind is known.
    /// </summary>
    public string? TaskState { get; init; }

    /// <summary>A task the CRM holds, opened on <paramref name="day"/> by <paramref name="playbookId"/> in <paramref name="state"/>.</summary>
    public static ContactTouch OfTask(DateOnly day, string playbookId, string state) =>
        new(day, TouchKind.UpgradeTask, ContactPolicy.PrimaryContact, playbookId) { TaskState = state };
}
