using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>An account's MRR movement on one day, all its subscriptions summed, in the report currency.</summary>
internal enum MovementKind
{
    None,
    New,
    Expansion,
    Contraction,
    Churn,
    Reactivation,
}

/// <summary>
/// One account's ledger folded into one movement per day: the subscriptions' changes of a day summed, classified from
/// the account's MRR before and after that day and from its history (a return after churn is a reactivation).
/// Reused from account to account, so folding a million entries allocates per account only what it keeps.
/// </summary>
internal sealed class AccountLedger
{
    private readonly List<Change> _changes = [];
    private readonly List<Movement> _movements = [];

    internal struct Change
    {
        public DateOnly Day;
        public int Order;
        public string SubscriptionId;
        public decimal Before;
        public decimal After;
        public bool Upgrade;
        public int TierRankAfter;
        public string? ProposalKey;
        public DateOnly? PaidThrough;
    }

    internal readonly record struct Movement(DateOnly Day, decimal Before, decimal After, MovementKind Kind, bool Upgrade);

    public string AccountId { get; private set; } = "";

    public IReadOnlyList<Movement> Movements => _movements;

    public IEnumerable<Change> Changes => _changes;

    /// <summary>The first day the account paid anything, or null when it never did.</summary>
    public DateOnly? FirstPaid { get; private set; }

    public void Start(string accountId)
    {
        AccountId = accountId;
        _changes.Clear();
        _movements.Clear();
        FirstPaid = null;
    }

    public void Add(in LedgerEntry entry, decimal before, decimal after)
    {
        var rankBefore = TierRank(entry.TierBefore);
        var rankAfter = TierRank(entry.TierAfter);
        var upgrade = entry.TierBefore is not null && entry.MrrBefore > 0 && entry.MrrAfter > 0
            && (rankAfter > rankBefore || entry.SeatsAfter > entry.SeatsBefore);
        _changes.Add(new Change
        {
            Day = entry.Day,
            Order = _changes.Count,
            SubscriptionId = entry.SubscriptionId,
            Before = before,
            After = after,
            Upgrade = upgrade,
            TierRankAfter = after > 0 ? rankAfter : -1,
            ProposalKey = entry.ProposalKey,
            PaidThrough = entry.PaidThrough,
        });
    }

    /// <summary>Dates churn as the options say, orders the changes by day and classifies one movement per day.</summary>
    public void Close(MetricsOptions options)
    {
        if (options.ChurnAt == ChurnTiming.PeriodEnd)
        {
            DeferChurnToPeriodEnd();
        }

        _changes.Sort(static (a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day) : a.Order.CompareTo(b.Order));
        var mrr = 0m;
        DateOnly? lastChurn = null;
        var everPaid = false;
        var i = 0;
        while (i < _changes.Count)
        {
            var day = _changes[i].Day;
            var before = mrr;
            var upgrade = false;
            for (; i < _changes.Count && _changes[i].Day == day; i++)
            {
                mrr += _changes[i].After - _changes[i].Before;
                upgrade |= _changes[i].Upgrade;
            }

            // A ledger that starts mid-history can dip below zero; the account then pays nothing.
            var after = Math.Max(mrr, 0m);
            var paidBefore = Math.Max(before, 0m);
            MovementKind kind;
            if (paidBefore == 0 && after > 0)
            {
                var returning = everPaid && (options.ReactivationWindowDays is not { } window
                    || lastChurn is not { } churned || day.DayNumber - churned.DayNumber <= window);
                kind = returning ? MovementKind.Reactivation : MovementKind.New;
                everPaid = true;
                FirstPaid ??= day;
            }
            else if (paidBefore > 0 && after == 0)
            {
                kind = MovementKind.Churn;
                lastChurn = day;
            }
            else
            {
                kind = after > paidBefore ? MovementKind.Expansion : after < paidBefore ? MovementKind.Contraction : MovementKind.None;
            }

            if (kind != MovementKind.None || upgrade)
            {
                _movements.Add(new Movement(day, paidBefore, after, kind, upgrade));
            }
        }
    }

    /// <summary>The account's MRR after every movement on or before <paramref name="day"/>.</summary>
    public decimal MrrOn(DateOnly day)
    {
        var mrr = 0m;
        foreach (var m in _movements)
        {
            if (m.Day > day)
            {
                break;
            }

            mrr = m.After;
        }

        return mrr;
    }

    public AccountWindow Measure(DateOnly from, DateOnly to)
    {
        var w = new AccountWindow();
        foreach (var m in _movements)
        {
            if (m.Day < from)
            {
                w.MrrAtStart = m.After;
                w.MrrAtEnd = m.After;
                continue;
            }

            if (m.Day > to)
            {
                break;
            }

            Apply(ref w, m);
        }

        return w;
    }

    /// <summary>
    /// <see cref="Measure"/> for consecutive windows at once (ordered by day, none overlapping), in one pass over the
    /// movements: <paramref name="into"/>[i] gets window i's contribution.
    /// </summary>
    public void MeasureEach(IReadOnlyList<FiguresAccumulator> windows, Span<AccountWindow> into)
    {
        into.Clear();
        if (windows.Count == 0)
        {
            return;
        }

        var mrr = 0m;
        var i = 0;
        foreach (var m in _movements)
        {
            while (m.Day > windows[i].To)
            {
                if (++i == windows.Count)
                {
                    return;
                }

                into[i].MrrAtStart = mrr;
                into[i].MrrAtEnd = mrr;
            }

            mrr = m.After;
            if (m.Day < windows[i].From)
            {
                into[i].MrrAtStart = mrr;
                into[i].MrrAtEnd = mrr;
                continue;
            }

            Apply(ref into[i], m);
        }

        for (i++; i < windows.Count; i++)
        {
            into[i].MrrAtStart = mrr;
            into[i].MrrAtEnd = mrr;
        }
    }

    private static void Apply(ref AccountWindow w, in Movement m)
    {
        w.MrrAtEnd = m.After;
        switch (m.Kind)
        {
            case MovementKind.New:
                w.New += m.After;
                w.WasNew = true;
                break;
            case MovementKind.Reactivation:
                w.Reactivation += m.After;
                w.Reactivated = true;
                break;
            case MovementKind.Churn:
                w.Churn += m.Before;
                w.Churned = true;
                break;
            case MovementKind.Expansion:
                w.Expansion += m.After - m.Before;
                break;
            case MovementKind.Contraction:
                w.Contraction += m.Before - m.After;
                break;
            default:
                break;
        }

        w.Upgraded |= m.Upgrade;
    }

    /// <summary>The rank of a tier in <see cref="SignalCatalog.Tiers"/>; −1 for none or an unknown tier.</summary>
    public static int TierRank(string? tier) => tier is null ? -1 : SignalCatalog.Tiers.IndexOf(tier);

    /// <summary>
    /// A cancellation that carries the end of its paid period leaves the MRR the day after that end, or on the day the same
    /// subscription changes again if that comes first (a return before the paid period ran out is no churn at all).
    /// </summary>
    private void DeferChurnToPeriodEnd()
    {
        for (var i = 0; i < _changes.Count; i++)
        {
            var c = _changes[i];
            if (c.Before <= 0 || c.After > 0 || c.PaidThrough is not { } paidThrough || paidThrough < c.Day)
            {
                continue;
            }

            var day = paidThrough.AddDays(1);
            foreach (var other in _changes)
            {
                if (other.SubscriptionId == c.SubscriptionId && other.Day > c.Day && other.Day < day)
                {
                    day = other.Day;
                }
            }

            c.Day = day;
            _changes[i] = c;
        }
    }
}
