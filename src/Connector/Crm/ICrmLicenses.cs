using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Crm;

/// <summary>
/// A license change an accepted proposal makes: the subscription before and after, effective on a day, with the proration
/// lines beside it. Keyed by the proposal, so applying it twice changes the license once.
/// </summary>
internal sealed record LicenseChange(
    string ProposalKey,
    string AccountId,
    Subscription Before,
    Subscription After,
    DateOnly EffectiveOn,
    ImmutableArray<ProrationLine> Lines,
    DateTimeOffset At);

/// <summary>The CRM port's license side: the automated license transition writes through it.</summary>
internal interface ICrmLicenses
{
    /// <summary>
    /// Changes the subscription to <see cref="LicenseChange.After"/> and records the change and its proration lines, in one
    /// transaction; returns false, changing nothing, when the proposal's change was applied before.
    /// </summary>
    Task<bool> ApplyLicenseChangeAsync(LicenseChange change, CancellationToken cancellationToken);

    /// <summary>Whether the proposal's license change was applied already (a re-delivered acceptance).</summary>
    Task<bool> WasAppliedAsync(string proposalKey, CancellationToken cancellationToken);
}
