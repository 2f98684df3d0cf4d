using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.PlaybookEngine.Signals;

/// <summary>Derives the signal vector of an account from its CRM records, as of one day.</summary>
public static class SignalComputer
{
    /// <summary>
    /// The signals of <paramref name="account"/> on <paramref name="today"/>. Without <paramref name="usage"/> the usage
    /// signals (health, adoption, tickets, NPS, churn risk, …) are missing, so no condition on them is true; so are enum
    /// values the catalogue does not know.
    /// </summary>
    public static SignalVector Compute(Account account, Subscription subscription, UsageSnapshot? usage, DateOnly today)
    {
        var v = SignalVector.Empty();
        var seats = subscription.Seats;
        v[SignalOrdinals.Seats] = seats;
        v[SignalOrdinals.SeatsUsed] = subscription.SeatsUsed;
        if (seats > 0)
        {
            v[SignalOrdinals.SeatUtilization] = (double)subscription.SeatsUsed / seats;
        }

        if (subscription.RenewalDate is { } renewal)
        {
            v[SignalOrdinals.DaysToRenewal] = renewal.DayNumber - today.DayNumber;
            v[SignalOrdinals.RenewalDate] = renewal.DayNumber;
        }

        // Only a running trial has days left: 0 on its last day, missing once it has ended.
        if (subscription.TrialEnd is { } trialEnd && subscription.TrialTier is not null && trialEnd >= today)
        {
            v[SignalOrdinals.TrialDaysLeft] = trialEnd.DayNumber - today.DayNumber;
        }

        v[SignalOrdinals.DaysSinceStart] = today.DayNumber - subscription.StartDate.DayNumber;
        v[SignalOrdinals.Tier] = SignalCatalog.Tiers.IndexOf(subscription.Tier);
        v[SignalOrdinals.Segment] = SignalCatalog.Segments.IndexOf(account.Segment);
        v[SignalOrdinals.Industry] = SignalCatalog.Industries.IndexOf(account.Industry);
        v[SignalOrdinals.LifecycleStage] = SignalCatalog.LifecycleStages.IndexOf(account.LifecycleStage);
        v[SignalOrdinals.BillingPeriod] = subscription.BillingPeriod == BillingPeriod.Annual ? 1 : 0;
        v[SignalOrdinals.Mrr] = (double)subscription.Mrr;
        v[SignalOrdinals.InTrial] = subscription.TrialTier is not null && subscription.TrialEnd is { } end && end >= today ? 1 : 0;

        if (usage is not null)
        {
            v[SignalOrdinals.SeatUtilizationMin28d] = (double)usage.SeatUtilizationMin28d;
            v[SignalOrdinals.ActiveUsers30d] = usage.ActiveUsers30d;
            v[SignalOrdinals.FeatureAdoption] = (double)usage.FeatureAdoption;
            v[SignalOrdinals.Health] = usage.Health;
            v[SignalOrdinals.HealthChange30d] = usage.HealthChange30d;
            v[SignalOrdinals.DaysSinceLastLogin] = usage.DaysSinceLastLogin;
            v[SignalOrdinals.OpenTickets] = usage.OpenTickets;
            if (usage.Nps is { } nps)
            {
                v[SignalOrdinals.Nps] = nps;
            }

            v[SignalOrdinals.UsageGrowth30d] = (double)usage.UsageGrowth30d;
            v[SignalOrdinals.ChurnRisk] = IsChurnRisk(usage) ? 1 : 0;
        }

        // Enum values unknown to the catalog are stored as missing so no comparison matches them.
        for (var i = SignalOrdinals.Tier; i <= SignalOrdinals.LifecycleStage; i++)
        {
            if (v[i] < 0)
            {
                v[i] = double.NaN;
            }
        }

        return v;
    }

    internal static bool IsChurnRisk(UsageSnapshot usage) =>
        usage.Health < 40
        || usage.HealthChange30d <= -15
        || (usage.OpenTickets >= 3 && usage.Nps is < 0);
}
