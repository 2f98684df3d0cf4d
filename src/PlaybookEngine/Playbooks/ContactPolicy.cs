using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Text;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>What kind of touch reaches a customer, as the contact policy's <c>counts</c> names it.</summary>
public enum TouchKind
{
    /// <summary><c>proposal</c>: an upgrade proposal issued to the account.</summary>
    Proposal,

    /// <summary><c>upgrade_task</c>: a task with <c>purpose: upgrade</c> (a CSM's upgrade conversation).</summary>
    UpgradeTask,
}

/// <summary>At most <paramref name="Touches"/> touches in any <paramref name="Days"/> days, today included.</summary>
/// <param name="Touches">How many touches the window allows.</param>
/// <param name="Days">The window's length in days: a touch on day D counts until day D + Days − 1.</param>
public sealed record TouchLimit(int Touches, int Days)
{
    /// <summary>As the policy file writes it: <c>2 touches per 30 days</c>.</summary>
    public override string ToString() => $"{Touches} {(Touches == 1 ? "touch" : "touches")} per {Days} days";
}

/// <summary>
/// The one contact budget of every play, read from <c>contact-policy.md</c> beside the playbooks: per account and per
/// contact, over the touch kinds it counts. Playbook priority decides which play gets a slot.
/// </summary>
/// <param name="Path">The file it was read from.</param>
/// <param name="PerAccount">The account's limit, or null for none.</param>
/// <param name="PerContact">Each contact's limit, or null for none.</param>
/// <param name="Counts">The touch kinds that count against both limits.</param>
public sealed record ContactPolicy(string Path, TouchLimit? PerAccount, TouchLimit? PerContact, ImmutableArray<TouchKind> Counts)
{
    /// <summary>The contact a touch reaches when the CRM does not say: the account's primary contact.</summary>
    public const string PrimaryContact = "primary";

    /// <summary>Where <see cref="PerAccount"/> was written (for diagnostics).</summary>
    internal SourcePosition? PerAccountPosition { get; init; }

    /// <summary>True when touches of <paramref name="kind"/> count against the budget.</summary>
    public bool CountsKind(TouchKind kind) => Counts.Contains(kind);
}
