using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Crm;

/// <summary>The usage an account had from <see cref="UsageSnapshot.AsOf"/> on, and its primary license's seats in use then when known.</summary>
internal sealed record UsageHistoryRow(UsageSnapshot Usage, int? SeatsUsed);

/// <summary>A license change an accepted proposal made, as the CRM's <c>license_changes</c> records it.</summary>
internal sealed record LicenseChangeRow(
    string SubscriptionId, DateOnly EffectiveOn, string FromTier, string ToTier, int FromSeats, int ToSeats, decimal MrrBefore, DateOnly? RenewalBefore);

/// <summary>A task the CRM holds as completed by a CSM: its key, the outcome and the day.</summary>
internal sealed record TaskOutcomeRow(string Key, string Outcome, DateOnly On);

/// <summary>
/// One account's history as the CRM holds it: the account and its licenses as they are now, its usage day by day, the
/// license changes of accepted proposals, and the outcomes CSMs gave its tasks.
/// </summary>
internal sealed record CrmAccountTimeline(
    Account Account,
    ImmutableArray<Subscription> Subscriptions,
    ImmutableArray<UsageHistoryRow> Usage,
    ImmutableArray<LicenseChangeRow> LicenseChanges,
    ImmutableArray<TaskOutcomeRow> TaskOutcomes);

/// <summary>
/// The CRM's history, read only (the backtest). Only a CRM the connector owns keeps usage history (the embedded CRM).
/// </summary>
internal interface ICrmHistory
{
    /// <summary>Where the history lives, for messages.</summary>
    string Location { get; }

    /// <summary>
    /// Every account's timeline in account-id order, streamed: usage rows up to <paramref name="through"/> (and the last one
    /// before <paramref name="from"/>), changes and outcomes from <paramref name="from"/> on. Opens nothing for writing.
    /// </summary>
    IAsyncEnumerable<CrmAccountTimeline> ReadTimelinesAsync(DateOnly from, DateOnly through, CancellationToken cancellationToken);
}

/// <summary>The CRM named cannot be read for a backtest (missing file, no usage history table, a CRM that keeps none).</summary>
internal sealed class CrmHistoryUnavailableException(string message) : Exception(message);
