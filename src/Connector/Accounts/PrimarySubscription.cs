using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Accounts;

/// <summary>
/// The license whose signals an account is evaluated on when it holds several: the running one (active or trial) with the
/// highest MRR, else the most recently started.
/// </summary>
internal static class PrimarySubscription
{
    public static Subscription? Choose(IReadOnlyList<Subscription> subscriptions)
    {
        Subscription? best = null;
        foreach (var s in subscriptions)
        {
            if (best is null || Better(s, best))
            {
                best = s;
            }
        }

        return best;
    }

    private static bool Better(Subscription candidate, Subscription current)
    {
        var running = candidate.Status != SubscriptionStatus.Cancelled;
        var currentRunning = current.Status != SubscriptionStatus.Cancelled;
        if (running != currentRunning)
        {
            return running;
        }

        if (candidate.Mrr != current.Mrr)
        {
            return candidate.Mrr > current.Mrr;
        }

        return candidate.StartDate > current.StartDate
            || (candidate.StartDate == current.StartDate && string.CompareOrdinal(candidate.Id, current.Id) < 0);
    }
}
