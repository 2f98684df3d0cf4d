using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Sync;

/// <summary>
/// Compares each subscription with the values last seen and derives the MRR ledger's movements: new, expansion,
/// contraction, churn, reactivation. The first sighting of a paying subscription is "new" on its start date.
/// </summary>
internal static class MrrTracker
{
    public static void Observe(
        IReadOnlyList<Subscription> subscriptions,
        IReadOnlyDictionary<string, MrrSnapshot> lastSeen,
        DateOnly today,
        List<MrrSnapshot> snapshots,
        List<MrrMovement> movements)
    {
        foreach (var s in subscriptions)
        {
            var status = s.Status;
            lastSeen.TryGetValue(s.Id, out var before);
            if (before is not null && before.Tier == s.Tier && before.Seats == s.Seats && before.Mrr == s.Mrr
                && before.Currency == s.Currency && before.Status == status && before.AccountId == s.AccountId)
            {
                continue;
            }

            var now = new MrrSnapshot(s.Id, s.AccountId, s.Tier, s.Seats, s.Mrr, s.Currency, status);
            snapshots.Add(now);
            if (Classify(before, now) is { } kind)
            {
                var day = before is null ? s.StartDate : today;
                movements.Add(new MrrMovement(
                    day,
                    s.AccountId,
                    s.Id,
                    kind,
                    before is { Paying: true } ? before.Mrr : 0m,
                    now.Paying ? now.Mrr : 0m,
                    before?.Tier,
                    s.Tier,
                    before?.Seats ?? 0,
                    s.Seats,
                    s.Currency,
                    PaidThrough: kind == MrrMovementKind.Churn ? s.RenewalDate?.AddDays(-1) : null));
            }
        }
    }

    /// <summary>
    /// The last-seen license and the ledger's movement of a license change an accepted proposal made, dated on the day it
    /// took effect and naming the proposal.
    /// </summary>
    public static void Changed(LicenseChange change, List<MrrSnapshot> snapshots, List<MrrMovement> movements)
    {
        var (before, after) = (change.Before, change.After);
        var was = new MrrSnapshot(before.Id, before.AccountId, before.Tier, before.Seats, before.Mrr, before.Currency, before.Status);
        var now = new MrrSnapshot(after.Id, after.AccountId, after.Tier, after.Seats, after.Mrr, after.Currency, after.Status);
        snapshots.Add(now);
        if (Between(was, now, change.EffectiveOn, after.RenewalDate?.AddDays(-1), change.ProposalKey) is { } movement)
        {
            movements.Add(movement with { AccountId = change.AccountId });
        }
    }

    /// <summary>
    /// The ledger's movement from <paramref name="before"/> to <paramref name="now"/> on <paramref name="day"/>, classified
    /// by <see cref="Classify"/>; null when the change moves no MRR. A churn keeps <paramref name="paidThrough"/>.
    /// </summary>
    public static MrrMovement? Between(MrrSnapshot? before, MrrSnapshot now, DateOnly day, DateOnly? paidThrough = null, string? proposalKey = null) =>
        Classify(before, now) is { } kind
            ? new MrrMovement(day, now.AccountId, now.SubscriptionId, kind, before is { Paying: true } ? before.Mrr : 0m, now.Paying ? now.Mrr : 0m,
                before?.Tier, now.Tier, before?.Seats ?? 0, now.Seats, now.Currency, proposalKey,
                kind == MrrMovementKind.Churn ? paidThrough : null)
            : null;

    public static MrrMovementKind? Classify(MrrSnapshot? before, MrrSnapshot now)
    {
        if (before is null || !before.Paying)
        {
            if (!now.Paying)
            {
                return null;
            }

            return before?.Status == SubscriptionStatus.Cancelled ? MrrMovementKind.Reactivation : MrrMovementKind.New;
        }

        if (!now.Paying)
        {
            return MrrMovementKind.Churn;
        }

        return now.Mrr > before.Mrr ? MrrMovementKind.Expansion
            : now.Mrr < before.Mrr ? MrrMovementKind.Contraction
            : null;
    }
}
