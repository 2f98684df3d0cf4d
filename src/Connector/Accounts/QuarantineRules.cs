using System.Collections.Frozen;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Accounts;

/// <summary>
/// Values a CRM record cannot have. A record that breaks one is quarantined with its reason instead of evaluated, so a
/// playbook never acts on impossible data; the import applies the same rules to reject bad rows up front.
/// </summary>
internal static class QuarantineRules
{
    /// <summary>Tiers with a hard seat cap: more seats in use than licensed is impossible there (the others allow true-up overage).</summary>
    public static readonly FrozenSet<string> HardSeatCapTiers = FrozenSet.Create(StringComparer.Ordinal, "free", "starter");

    private static readonly FrozenSet<string> KnownTiers = SignalCatalog.Tiers.ToFrozenSet(StringComparer.Ordinal);

    private static readonly string TierList = string.Join(", ", SignalCatalog.Tiers);

    /// <summary>Adds the rules one subscription breaks to <paramref name="violations"/>; returns whether it broke none.</summary>
    public static bool Check(Subscription s, List<QuarantineEntry> violations)
    {
        void Add(string field, string reason) => violations.Add(new QuarantineEntry(s.AccountId, s.Id, field, reason));

        var before = violations.Count;
        if (!KnownTiers.Contains(s.Tier))
        {
            Add("tier", $"unknown tier '{s.Tier}'; expected one of {TierList}");
        }

        if (s.Seats < 0)
        {
            Add("seats", $"negative seats ({s.Seats})");
        }

        if (s.SeatsUsed < 0)
        {
            Add("seats_used", $"negative seats used ({s.SeatsUsed})");
        }
        else if (s.Seats >= 0 && s.SeatsUsed > s.Seats && HardSeatCapTiers.Contains(s.Tier))
        {
            Add("seats_used", $"{s.SeatsUsed} seats used above the {s.Seats} licensed; tier '{s.Tier}' allows no overage");
        }

        if (s.Status == SubscriptionStatus.Active && s.RenewalDate is null)
        {
            Add("renewal_date", "missing on an active subscription");
        }

        if (s.Status == SubscriptionStatus.Trial && s.TrialEnd is null)
        {
            Add("trial_end", "missing on a trial");
        }

        if (s.Mrr < 0)
        {
            Add("mrr", $"negative MRR ({s.Mrr})");
        }

        if (s.TermMonths <= 0)
        {
            Add("term_months", $"term must be at least one month, got {s.TermMonths}");
        }

        return violations.Count == before;
    }
}
