using CrmSuite.Connector.Crm;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Accounts;

/// <summary>
/// Turns an account read from the CRM into what an evaluation reads — or into the reasons it cannot be evaluated. The one
/// place that decides this, for the sync, the task-event path and the work queue alike: an account without a license, or
/// with a license that breaks a <see cref="QuarantineRules"/> rule, is quarantined; otherwise its signals are computed
/// from its primary license (<see cref="PrimarySubscription"/>) on the day of <c>now</c> in the configured time zone.
/// </summary>
internal static class AccountPreparation
{
    /// <summary>
    /// Prepares <paramref name="record"/>; when it cannot be evaluated, adds why to <paramref name="problems"/> and returns false.
    /// Allocates nothing for a clean account beyond its signal vector.
    /// </summary>
    /// <param name="timeZone">The zone whose calendar day is "today" (<c>Sync:TimeZone</c>): days to renewal and trial days left count from it.</param>
    public static bool TryPrepare(CrmAccountRecord record, DateTimeOffset now, TimeZoneInfo timeZone, List<QuarantineEntry> problems, out EvaluationContext context)
    {
        var account = record.Account;
        context = default;
        if (record.Subscriptions.IsEmpty)
        {
            problems.Add(new QuarantineEntry(account.Id, account.Id, "subscriptions", "the account has no subscription"));
            return false;
        }

        var before = problems.Count;
        foreach (var subscription in record.Subscriptions)
        {
            QuarantineRules.Check(subscription, problems);
        }

        if (problems.Count > before)
        {
            return false;
        }

        var primary = PrimarySubscription.Choose(record.Subscriptions)!;
        var today = EvaluationContext.DayOf(now, timeZone);
        context = new EvaluationContext(account, SignalComputer.Compute(account, primary, record.Usage, today), record.History, now, timeZone);
        return true;
    }
}
