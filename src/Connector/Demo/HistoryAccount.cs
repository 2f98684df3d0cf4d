using System.Collections.Immutable;
using CrmSuite.Connector.Accounts;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Licensing;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Simulation;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Demo;

/// <summary>What one account's history left: its records as of the end, its CRM history, and its state-store rows.</summary>
internal sealed record HistoryResult(
    Account Account,
    ImmutableArray<Subscription> Subscriptions,
    UsageSnapshot Usage,
    IReadOnlyList<UsageHistoryEntry> UsageHistory,
    CrmAccountHistory Crm,
    IReadOnlyList<PlaybookInstance> Instances,
    IReadOnlyList<AuditEntry> Audit,
    IReadOnlyList<MrrSnapshot> Snapshots,
    IReadOnlyList<MrrMovement> Movements,
    long Transitions,
    long Tasks,
    long Proposals);

/// <summary>The usage an account had from <see cref="UsageSnapshot.AsOf"/> on, and the seats in use of its primary license then.</summary>
internal readonly record struct UsageHistoryEntry(UsageSnapshot Usage, int? SeatsUsed);

/// <summary>
/// One account lived day by day through the real engine, as the connector would have run it: each morning the license
/// moves (renewals, trial ends, weekly usage), proposals past their last day expire, and the sweep evaluates the account's
/// playbooks; each afternoon the simulated CSM completes tasks and the customer answers proposals. The steps themselves
/// are <see cref="SimulatedAccount"/>'s, the same `simulate` uses; this class adds the simulated people and the weather
/// of the book of business (churn, trial conversions, usage trends), all drawn from the account's own random sequence.
/// </summary>
internal sealed class HistoryAccount : ISimulationObserver
{
    private readonly SimulatedAccount _life;
    private readonly Dictionary<string, Proposal> _drafted = new(StringComparer.Ordinal);
    private readonly double[] _weeklyUse = new double[5];
    private readonly int[] _weeklyHealth = new int[5];
    private readonly List<UsageHistoryEntry> _usageHistory = [];
    private Random _random = null!;
    private UsageTrend _trend;
    private double _used;
    private int _week;
    private DateOnly _end;

    public HistoryAccount(PlaybookRuntime runtime, PublishedOffers offers)
    {
        var drafting = new ProposalDrafting(offers) { RenderDocuments = false, Drafted = (p, built) => _drafted[p.Key] = built };
        _life = new SimulatedAccount(runtime, offers, drafting, "demo history") { Observer = this };
    }

    private Account Account => _life.Account;

    private ImmutableArray<Subscription> Subscriptions
    {
        get => _life.Subscriptions;
        set => _life.Subscriptions = value;
    }

    private UsageSnapshot Usage
    {
        get => _life.Usage!;
        set => _life.Usage = value;
    }

    /// <summary>Lives <paramref name="start"/>'s account from <paramref name="from"/> through <paramref name="through"/>.</summary>
    public HistoryResult Live(DemoAccount start, int seed, DateOnly from, DateOnly through)
    {
        Reset(start, seed);
        _end = through;
        var arrival = Arrive(from, through);
        if (arrival <= through)
        {
            _life.Observe(arrival);
        }

        RecordUsage();
        var dirty = !_life.CanEvaluate(At(arrival, 6));
        for (var day = arrival; !dirty && day <= through; day = day.AddDays(1))
        {
            Morning(day);
            Afternoon(day);
        }

        return Result();
    }

    // New customers keep arriving: a new logo on trial, or a new account onboarding, signs up on a day of the history
    // (before it, it is not in the CRM); the rest of the book was there from the start.
    private DateOnly Arrive(DateOnly from, DateOnly through)
    {
        var primary = PrimarySubscription.Choose(Subscriptions);
        var days = through.DayNumber - from.DayNumber + 1;
        if (days <= 0 || primary is null || (_trend != UsageTrend.New && primary.Status != SubscriptionStatus.Trial))
        {
            return from;
        }

        var arrival = from.AddDays(_random.Next(days));
        var shift = arrival.DayNumber - primary.StartDate.DayNumber;
        Subscriptions = [.. Subscriptions.Select(s => s with
        {
            StartDate = arrival,
            RenewalDate = s.RenewalDate is null ? null : arrival.AddMonths(Math.Max(1, s.TermMonths)),
            TrialEnd = s.TrialEnd is { } end ? end.AddDays(shift) : null,
        })];
        Usage = Usage with { AsOf = arrival };
        return arrival;
    }

    private void Reset(DemoAccount start, int seed)
    {
        _random = new Random(unchecked((seed * 1_000_003) + IdNumber(start.Account.Id)));
        _life.Reset(start.Account, start.Subscriptions, start.Usage);
        _trend = start.Trend;
        _drafted.Clear();
        _usageHistory.Clear();
        var primary = PrimarySubscription.Choose(Subscriptions);
        _used = primary?.SeatsUsed ?? 0;
        _week = 0;
        Array.Fill(_weeklyUse, primary is { Seats: > 0 } p ? (double)p.SeatsUsed / p.Seats : 0);
        Array.Fill(_weeklyHealth, Usage.Health);
    }

    // The account id's number: a stable per-account seed (string hash codes are randomized per process).
    private static int IdNumber(string id)
    {
        var n = 0;
        foreach (var c in id)
        {
            n = char.IsAsciiDigit(c) ? (n * 10) + (c - '0') : n;
        }

        return n;
    }

    private static DateTimeOffset At(DateOnly day, int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);

    private void Morning(DateOnly day)
    {
        var morning = At(day, 6);
        if (Lifecycle(day))
        {
            _life.Observe(day);
        }

        _life.Expire(day, morning);
        _life.Sweep(day, morning);
    }

    private void Afternoon(DateOnly day)
    {
        var afternoon = At(day, 14);
        var tasks = _life.Tasks;
        var count = tasks.Count;
        for (var i = 0; i < count; i++)
        {
            var task = tasks[i];
            if (task.Status == CrmTaskStatus.Open && task.Plan is { } plan && plan.On == day)
            {
                _life.Complete(task, plan.Answer, afternoon);
            }
        }

        var proposals = _life.Proposals;
        count = proposals.Count;
        for (var i = 0; i < count; i++)
        {
            var proposal = proposals[i];
            if (proposal.Status == ProposalStatus.Issued && proposal.Plan is { } plan && plan.On == day)
            {
                var answeredBy = HistoryBehaviour.Contact(_random, Account);
                if (plan.Answer == "declined")
                {
                    _life.Decline(proposal, day, afternoon, answeredBy, HistoryBehaviour.DeclineReason(_random));
                }
                else
                {
                    _life.Accept(proposal, day, afternoon, answeredBy);
                }
            }
        }
    }

    // The simulated people plan their answer as a task or proposal reaches them.
    void ISimulationObserver.TaskOpened(SimulatedTask task, DateOnly today) => task.Plan = HistoryBehaviour.PlanTask(_random, task.Task, today);

    void ISimulationObserver.ProposalIssued(SimulatedProposal proposal)
    {
        var license = PrimarySubscription.Choose(Subscriptions);
        proposal.Plan = license is null ? null : HistoryBehaviour.PlanProposal(_random, proposal.Proposal, license, Usage);
    }

    // Renewals, trial ends and the weekly usage reading; true when a license changed.
    private bool Lifecycle(DateOnly day)
    {
        var changed = false;
        for (var i = 0; i < Subscriptions.Length; i++)
        {
            var s = Subscriptions[i];
            var next = s;
            if (s.Status == SubscriptionStatus.Active && s.RenewalDate is { } renewal && renewal <= day)
            {
                next = HistoryBehaviour.ChurnsAtRenewal(_random, _trend, Usage.Health)
                    ? next with { Status = SubscriptionStatus.Cancelled, RenewalDate = null, TrialTier = null, TrialEnd = null }
                    : next with { RenewalDate = SimulatedAccount.Renewed(renewal, s.TermMonths, day) };
            }

            if (next.TrialTier is not null && next.TrialEnd is { } end && end < day)
            {
                next = next.Status != SubscriptionStatus.Trial ? next with { TrialTier = null, TrialEnd = null }
                    : HistoryBehaviour.ConvertsAfterTrial(_random) ? Converted(next, day)
                    : next with { Status = SubscriptionStatus.Cancelled, TrialTier = null, TrialEnd = null };
            }

            if (next != s)
            {
                Subscriptions = Subscriptions.SetItem(i, next);
                changed = true;
            }
        }

        if ((day.DayNumber + IdNumber(Account.Id)) % 7 == 0)
        {
            WeeklyUsage(day);
        }

        return changed;
    }

    private Subscription Converted(Subscription trial, DateOnly day)
    {
        var tier = _random.NextDouble() < 0.6 ? "starter" : "professional";
        var annual = trial.BillingPeriod == BillingPeriod.Annual;
        var mrr = DemoDataSet.Mrr(tier, trial.Seats, trial.Currency, annual);
        return trial with
        {
            Tier = tier, Status = SubscriptionStatus.Active, Mrr = mrr, StartDate = day, RenewalDate = day.AddMonths(Math.Max(1, trial.TermMonths)),
            TrialTier = null, TrialEnd = null,
        };
    }

    private void WeeklyUsage(DateOnly day)
    {
        var index = PrimaryIndex();
        if (index < 0)
        {
            return;
        }

        var s = Subscriptions[index];
        if (s.Status == SubscriptionStatus.Cancelled || s.Seats <= 0)
        {
            return;
        }

        var utilization = (double)s.SeatsUsed / s.Seats;
        _used = Math.Max(1, _used * (1 + HistoryBehaviour.WeeklyGrowth(_random, _trend, utilization)));
        var cap = s.Tier is "free" or "starter" || s.Status == SubscriptionStatus.Trial ? s.Seats : (int)(s.Seats * 1.15);
        _used = Math.Min(_used, cap);
        var used = Math.Clamp((int)Math.Round(_used), 1, cap);
        _week++;
        var slot = _week % _weeklyUse.Length;
        var monthAgo = _weeklyUse[(_week + 1) % _weeklyUse.Length];
        _weeklyUse[slot] = (double)used / s.Seats;
        var health = Math.Clamp(Usage.Health + HistoryBehaviour.WeeklyHealthChange(_random, _trend), 5, 99);
        var healthMonthAgo = _weeklyHealth[(_week + 1) % _weeklyHealth.Length];
        _weeklyHealth[slot] = health;
        var minimum = double.MaxValue;
        for (var i = 1; i <= 4; i++)
        {
            minimum = Math.Min(minimum, _weeklyUse[(_week - i + 1 + (_weeklyUse.Length * 2)) % _weeklyUse.Length]);
        }

        var atRisk = _trend == UsageTrend.AtRisk;
        Usage = Usage with
        {
            AsOf = day,
            ActiveUsers30d = (int)Math.Round(used * (0.75 + (_random.NextDouble() * 0.25))),
            FeatureAdoption = Math.Clamp(Usage.FeatureAdoption + (decimal)((_random.NextDouble() - (atRisk ? 0.6 : 0.45)) * 0.04), 0m, 1m),
            Health = health,
            HealthChange30d = health - healthMonthAgo,
            OpenTickets = atRisk ? _random.Next(1, 7) : _random.Next(0, 3),
            SeatUtilizationMin28d = Math.Round((decimal)minimum, 3),
            UsageGrowth30d = monthAgo > 0 ? Math.Round((decimal)((double)used / s.Seats / monthAgo) - 1m, 3) : 0m,
            DaysSinceLastLogin = atRisk ? Math.Min(90, Usage.DaysSinceLastLogin + _random.Next(0, 6)) : _random.Next(0, 4),
        };
        Subscriptions = Subscriptions.SetItem(index, s with { SeatsUsed = used });
        RecordUsage();
    }

    // The CRM's usage history gets a row whenever the usage changes: on the first day and at each weekly reading.
    private void RecordUsage() => _usageHistory.Add(new UsageHistoryEntry(Usage, PrimarySubscription.Choose(Subscriptions)?.SeatsUsed));

    private int PrimaryIndex()
    {
        var primary = PrimarySubscription.Choose(Subscriptions);
        return primary is null ? -1 : Subscriptions.IndexOf(primary);
    }

    private HistoryResult Result()
    {
        var crm = new CrmAccountHistory(
            [.. _life.Tasks.Select(t => t.ToHistory())],
            [.. _life.Proposals.Select(p => p.ToHistory(Document(p)))],
            [.. _life.Stages.OrderBy(s => s.PlaybookId, StringComparer.Ordinal)],
            [.. _life.TaskEvents],
            [.. _life.ProposalEvents],
            [.. _life.LicenseChanges]);
        long transitions = 0;
        foreach (var entry in _life.Audit)
        {
            transitions += entry.Kind == AuditKind.Transition ? 1 : 0;
        }

        return new HistoryResult(Lifecycle(), Subscriptions, Usage, [.. _usageHistory], crm, [.. _life.Instances], [.. _life.Audit], [.. _life.LastSeen], [.. _life.Movements],
            transitions, _life.Tasks.Count, _life.Proposals.Count);
    }

    // Only a proposal still open is rendered: the one a CSM can open from the queue and the customer can still answer.
    private string? Document(SimulatedProposal proposal) =>
        proposal.Status == ProposalStatus.Issued && _drafted.TryGetValue(proposal.Proposal.Key, out var built) ? ProposalHtmlRenderer.Render(built) : null;

    // The account's lifecycle stage as of the end, by the data set's own rules.
    private Account Lifecycle()
    {
        if (PrimarySubscription.Choose(Subscriptions) is not { } s)
        {
            return Account;
        }

        var end = _end;
        var stage = s.Status switch
        {
            SubscriptionStatus.Trial => "trial",
            SubscriptionStatus.Cancelled => "churned",
            _ when end.DayNumber - s.StartDate.DayNumber < 90 => "onboarding",
            _ when s.RenewalDate is { } r && r.DayNumber - end.DayNumber <= 90 => "renewal",
            _ when _trend == UsageTrend.Growing => "expansion",
            _ => "adoption",
        };
        return Account with { LifecycleStage = stage };
    }
}
