using System.Collections.Immutable;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Backtest;

/// <summary>
/// An account's licenses as they stood on a past day, rebuilt from what the CRM holds now by undoing, newest first, every
/// change dated after that day: the license changes of accepted proposals (tier, seats, MRR, renewal date) and the MRR
/// ledger's movements the sync observed (tier, seats, MRR; a churn was active until its day, a reactivation cancelled,
/// a new license a trial). Renewal dates roll back by the term; seats in use come from the usage history. The rules and
/// what they cannot know are in docs/backtest.md, "What the replay reads".
/// </summary>
internal sealed class LicenseHistory
{
    // The CRM keeps no start date for a trial on a paying license: it is replayed as running for at most this long before its end.
    private const int TrialWindowDays = 30;

    private readonly ImmutableArray<Subscription> _current;
    private readonly List<Step>[] _steps;
    private readonly ImmutableArray<UsageHistoryRow> _usage;
    private readonly List<DateOnly> _upgrades = [];

    public LicenseHistory(CrmAccountTimeline timeline, IReadOnlyList<MrrMovement> movements)
    {
        _current = timeline.Subscriptions;
        _usage = timeline.Usage;
        _steps = new List<Step>[_current.Length];
        for (var i = 0; i < _current.Length; i++)
        {
            _steps[i] = [];
        }

        foreach (var c in timeline.LicenseChanges)
        {
            Add(c.SubscriptionId, new Step(c.EffectiveOn, c.FromTier, c.FromSeats, c.MrrBefore, null, c.RenewalBefore, false));
            if (Rank(c.ToTier) > Rank(c.FromTier) || c.ToSeats > c.FromSeats)
            {
                _upgrades.Add(c.EffectiveOn);
            }
        }

        foreach (var m in movements)
        {
            // A proposal's movement repeats its license change, which the CRM holds with the renewal date too.
            if (m.ProposalKey is not null || m.TierBefore is null)
            {
                continue;
            }

            var step = m.Kind switch
            {
                MrrMovementKind.Churn => new Step(m.Day, m.TierBefore, m.SeatsBefore, m.MrrBefore, SubscriptionStatus.Active, m.Day, false),
                MrrMovementKind.Reactivation => new Step(m.Day, m.TierBefore, m.SeatsBefore, m.MrrBefore, SubscriptionStatus.Cancelled, null, false),
                MrrMovementKind.New => new Step(m.Day, m.TierBefore, m.SeatsBefore, 0m, SubscriptionStatus.Trial, null, true),
                _ => new Step(m.Day, m.TierBefore, m.SeatsBefore, m.MrrBefore, null, null, false),
            };
            Add(m.SubscriptionId, step);
            if (m.Kind == MrrMovementKind.Expansion && (Rank(m.TierAfter) > Rank(m.TierBefore) || m.SeatsAfter > m.SeatsBefore))
            {
                _upgrades.Add(m.Day);
            }
        }

        foreach (var steps in _steps)
        {
            steps.Sort((a, b) => b.Day.CompareTo(a.Day));
        }

        _upgrades.Sort();
        FirstDay = First();
    }

    /// <summary>The first day the account was in the CRM: its earliest usage reading or license start.</summary>
    public DateOnly FirstDay { get; }

    /// <summary>The first day on or after <paramref name="from"/> and on or before <paramref name="through"/> the history shows an upgrade (more seats or a higher tier).</summary>
    public DateOnly? UpgradeBetween(DateOnly from, DateOnly through)
    {
        foreach (var day in _upgrades)
        {
            if (day >= from && day <= through)
            {
                return day;
            }
        }

        return null;
    }

    /// <summary>The usage the account had on <paramref name="day"/> (its latest reading on or before), or null.</summary>
    public UsageHistoryRow? UsageOn(DateOnly day, ref int cursor)
    {
        while (cursor + 1 < _usage.Length && _usage[cursor + 1].Usage.AsOf <= day)
        {
            cursor++;
        }

        return cursor >= 0 && _usage[cursor].Usage.AsOf <= day ? _usage[cursor] : null;
    }

    /// <summary>
    /// The licenses on <paramref name="day"/>, with the seats in use of <paramref name="usage"/>'s day on the primary one;
    /// <paramref name="until"/> is the first later day they can differ on.
    /// </summary>
    public ImmutableArray<Subscription> On(DateOnly day, int? seatsUsed, string? primaryId, out DateOnly until)
    {
        until = DateOnly.MaxValue;
        var builder = ImmutableArray.CreateBuilder<Subscription>(_current.Length);
        for (var i = 0; i < _current.Length; i++)
        {
            var s = _current[i];
            var anchor = s.RenewalDate;
            var existedBefore = false;
            foreach (var step in _steps[i])
            {
                if (step.Day <= day)
                {
                    break;
                }

                until = Min(until, step.Day);
                existedBefore = true;
                s = s with { Tier = step.Tier, Seats = step.Seats, Mrr = step.Mrr, Status = step.Status ?? s.Status };
                anchor = step.Status == SubscriptionStatus.Active ? step.Renewal : step.Renewal ?? anchor;
                if (step.WasTrial)
                {
                    s = s with { RenewalDate = null, TrialTier = null, TrialEnd = step.Day.AddDays(-1) };
                    anchor = null;
                }
            }

            if (s.StartDate > day && !existedBefore)
            {
                until = Min(until, s.StartDate);
                continue;
            }

            if (s.Status == SubscriptionStatus.Active && anchor is { } renewal)
            {
                var months = Math.Max(1, s.TermMonths);
                while (renewal.AddMonths(-months) > day)
                {
                    renewal = renewal.AddMonths(-months);
                }

                s = s with { RenewalDate = renewal };
                until = renewal > day ? Min(until, renewal) : until;
            }

            if (s.Status != SubscriptionStatus.Trial && s.TrialEnd is { } end && s.TrialTier is not null)
            {
                var begins = end.AddDays(-TrialWindowDays);
                if (day < begins)
                {
                    s = s with { TrialTier = null, TrialEnd = null };
                    until = Min(until, begins);
                }
            }

            if (seatsUsed is { } used && s.Id == primaryId)
            {
                s = s with { SeatsUsed = used };
            }

            builder.Add(s);
        }

        return builder.DrainToImmutable();
    }

    /// <summary>The id of the license the account's signals come from today (the CRM's primary license now).</summary>
    public string? PrimaryId => Accounts.PrimarySubscription.Choose(_current)?.Id;

    private DateOnly First()
    {
        var first = _usage.Length > 0 ? _usage[0].Usage.AsOf : DateOnly.MaxValue;
        for (var i = 0; i < _current.Length; i++)
        {
            var start = _steps[i].Count > 0 ? Min(_current[i].StartDate, _steps[i][^1].Day.AddDays(-1)) : _current[i].StartDate;
            first = Min(first, start);
        }

        return first;
    }

    private void Add(string subscriptionId, Step step)
    {
        for (var i = 0; i < _current.Length; i++)
        {
            if (_current[i].Id == subscriptionId)
            {
                _steps[i].Add(step);
                return;
            }
        }
    }

    private static int Rank(string? tier) => tier is null ? -1 : SignalCatalog.Tiers.IndexOf(tier);

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    // What a license was before a change dated Day: its tier, seats, MRR, and status and renewal anchor when they changed.
    private sealed record Step(DateOnly Day, string Tier, int Seats, decimal Mrr, SubscriptionStatus? Status, DateOnly? Renewal, bool WasTrial);
}
