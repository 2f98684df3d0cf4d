using System.Collections.Frozen;
using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Signals;

/// <summary>
/// The one place where the signals a playbook may test are declared, with types and units.
/// Ordinals index <see cref="SignalVector"/>; docs/signals.md documents the same list.
/// </summary>
public sealed class SignalCatalog
{
    /// <summary>Values of the <c>tier</c> signal, lowest first: the order "a higher tier" means.</summary>
    public static readonly ImmutableArray<string> Tiers = ["free", "starter", "professional", "enterprise"];

    /// <summary>Values of the <c>segment</c> signal (company size).</summary>
    public static readonly ImmutableArray<string> Segments = ["smb", "mid_market", "enterprise"];

    /// <summary>Values of the <c>industry</c> signal; <c>other</c> catches the rest.</summary>
    public static readonly ImmutableArray<string> Industries =
        ["software", "healthcare", "financial_services", "retail", "manufacturing", "education", "public_sector", "other"];

    /// <summary>Values of the <c>lifecycle_stage</c> signal, in the order an account goes through them.</summary>
    public static readonly ImmutableArray<string> LifecycleStages = ["trial", "onboarding", "adoption", "expansion", "renewal", "churned"];

    /// <summary>Values of the <c>billing_period</c> signal, indexed like <see cref="Accounts.BillingPeriod"/>.</summary>
    public static readonly ImmutableArray<string> BillingPeriods = ["monthly", "annual"];

    /// <summary>The catalogue every playbook is checked and evaluated against (docs/signals.md).</summary>
    public static SignalCatalog Default { get; } = new(
    [
        new(0, "seat_utilization", SignalKind.Percent, "fraction", "Seats in use divided by seats licensed.", default),
        new(1, "seat_utilization_min_28d", SignalKind.Percent, "fraction", "Lowest daily seat utilization over the last 28 days: high only when the need is sustained.", default),
        new(2, "seats", SignalKind.Number, "seats", "Seats licensed on the current subscription.", default),
        new(3, "seats_used", SignalKind.Number, "seats", "Seats assigned to a user.", default),
        new(4, "active_users_30d", SignalKind.Number, "users", "Distinct users active in the last 30 days.", default),
        new(5, "feature_adoption", SignalKind.Percent, "fraction", "Share of the tier's key features used in the last 30 days.", default),
        new(6, "health", SignalKind.Number, "score 0-100", "Composite health score.", default),
        new(7, "health_change_30d", SignalKind.Number, "points", "Change of the health score over the last 30 days.", default),
        new(8, "days_to_renewal", SignalKind.Duration, "days", "Days until the subscription renews.", default),
        new(9, "trial_days_left", SignalKind.Duration, "days", "Days left in a running trial; absent when no trial runs.", default),
        new(10, "days_since_start", SignalKind.Duration, "days", "Days since the subscription started.", default),
        new(11, "days_since_last_login", SignalKind.Duration, "days", "Days since any user of the account last logged in.", default),
        new(12, "tier", SignalKind.Enum, "", "Current tier.", Tiers),
        new(13, "segment", SignalKind.Enum, "", "Customer segment by size.", Segments),
        new(14, "industry", SignalKind.Enum, "", "Industry of the account.", Industries),
        new(15, "lifecycle_stage", SignalKind.Enum, "", "Where the account is in its lifecycle.", LifecycleStages),
        new(16, "billing_period", SignalKind.Enum, "", "How the subscription is billed.", BillingPeriods),
        new(17, "open_tickets", SignalKind.Number, "tickets", "Support tickets currently open.", default),
        new(18, "nps", SignalKind.Number, "score -100..100", "Latest NPS answer of the account, scaled to -100..100.", default),
        new(19, "mrr", SignalKind.Number, "currency units", "Monthly recurring revenue in the subscription currency.", default),
        new(20, "usage_growth_30d", SignalKind.Percent, "fraction", "Growth of active users over the last 30 days (0.2 is +20%).", default),
        new(21, "in_trial", SignalKind.Boolean, "", "A trial of a higher tier is running.", default),
        new(22, "churn_risk", SignalKind.Boolean, "", "Health below 40, or falling 15 points in 30 days, or 3+ open tickets with low NPS.", default),
        new(23, "renewal_date", SignalKind.Date, "date", "Date of the next renewal.", default),
    ]);

    private readonly FrozenDictionary<string, SignalDefinition> _byName;

    internal SignalCatalog(ImmutableArray<SignalDefinition> signals)
    {
        if (signals.Length > SignalVector.Capacity)
        {
            throw new ArgumentException($"At most {SignalVector.Capacity} signals fit a signal vector; got {signals.Length}.", nameof(signals));
        }

        Signals = signals;
        _byName = signals.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
    }

    internal ImmutableArray<SignalDefinition> Signals { get; }

    internal SignalDefinition this[string name] => _byName[name];

    /// <summary>Looks a signal up by its exact name as conditions write it, e.g. <c>seat_utilization</c>.</summary>
    public bool TryGet(string name, out SignalDefinition definition) => _byName.TryGetValue(name, out definition!);

    /// <summary>Every signal name, in ordinal order: the candidates of "did you mean" hints.</summary>
    public IEnumerable<string> Names => Signals.Select(s => s.Name);
}
