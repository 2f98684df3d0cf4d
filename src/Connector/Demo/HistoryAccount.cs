using System.Collections.Immutable;
using CrmSuite.Connector.Accounts;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Licensing;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Sync;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Demo;

/// <summary>What one account's history left: its records as of the end, its CRM history, and its state-store rows.</summary>
internal sealed record HistoryResult(
    Account Account,
    ImmutableArray<Subscription> Subscriptions,
    UsageSnapshot Usage,
    CrmAccountHistory Crm,
    IReadOnlyList<PlaybookInstance> Instances,
    IReadOnlyList<AuditEntry> Audit,
    IReadOnlyList<MrrSnapshot> Snapshots,
    IReadOnlyList<MrrMovement> Movements,
    long Transitions,
    long Tasks,
    long Proposals);

/// <summary>
/// One account lived day by day through the real engine, as the connector would have run it: each morning the license
/// moves (renewals, trial ends, weekly usage), proposals past their last day expire, and the sweep evaluates the account's
/// playbooks; each afternoon the simulated CSM completes tasks and the customer answers proposals, each applied like a CRM
/// event (stale answers skipped, an acceptance through the license transition's own decision). The effects become CRM
/// writes through the sync's <see cref="PageBuilder"/> and land in a simulated CRM that supersedes and withdraws as the
/// embedded CRM does.
/// </summary>
internal sealed class HistoryAccount
{
    private readonly PlaybookRuntime _runtime;
    private readonly ProposalDrafting _drafting;
    private readonly PublishedOffers _offers;
    private readonly PageBuilder _page = new();
    private readonly List<QuarantineEntry> _problems = [];
    private readonly List<PlaybookInstance> _instances = [];
    private readonly Dictionary<string, HistoryTask> _taskByKey = new(StringComparer.Ordinal);
    private readonly List<HistoryTask> _tasks = [];
    private readonly Dictionary<string, HistoryProposal> _proposalByKey = new(StringComparer.Ordinal);
    private readonly List<HistoryProposal> _proposals = [];
    private readonly Dictionary<string, CrmPlaybookStage> _stages = new(StringComparer.Ordinal);
    private readonly List<CrmTaskEventHistory> _taskEvents = [];
    private readonly List<CrmProposalEventHistory> _proposalEvents = [];
    private readonly List<LicenseChange> _changes = [];
    private readonly Dictionary<string, MrrSnapshot> _lastSeen = new(StringComparer.Ordinal);
    private readonly List<DateOnly> _prompts = [];
    private readonly Dictionary<string, Proposal> _drafted = new(StringComparer.Ordinal);
    private readonly double[] _weeklyUse = new double[5];
    private readonly int[] _weeklyHealth = new int[5];
    private Random _random = null!;
    private Account _account = null!;
    private ImmutableArray<Subscription> _subscriptions;
    private UsageSnapshot _usage = null!;
    private UsageTrend _trend;
    private ContactHistory _history = ContactHistory.None;
    private DateOnly? _lastDeclined;
    private double _used;
    private int _week;
    private DateOnly _end;

    public HistoryAccount(PlaybookRuntime runtime, PublishedOffers offers)
    {
        _runtime = runtime;
        _offers = offers;
        _drafting = new ProposalDrafting(offers) { RenderDocuments = false, Drafted = (p, built) => _drafted[p.Key] = built };
    }

    /// <summary>Lives <paramref name="start"/>'s account from <paramref name="from"/> through <paramref name="through"/>.</summary>
    public HistoryResult Live(DemoAccount start, int seed, DateOnly from, DateOnly through)
    {
        Reset(start, seed);
        _end = through;
        var arrival = Arrive(from, through);
        if (arrival <= through)
        {
            Observe(arrival);
        }

        var dirty = !AccountPreparation.TryPrepare(Record(), At(arrival, 6), TimeZoneInfo.Utc, _problems, out _);
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
        var primary = PrimarySubscription.Choose(_subscriptions);
        var days = through.DayNumber - from.DayNumber + 1;
        if (days <= 0 || primary is null || (_trend != UsageTrend.New && primary.Status != SubscriptionStatus.Trial))
        {
            return from;
        }

        var arrival = from.AddDays(_random.Next(days));
        var shift = arrival.DayNumber - primary.StartDate.DayNumber;
        _subscriptions = [.. _subscriptions.Select(s => s with
        {
            StartDate = arrival,
            RenewalDate = s.RenewalDate is null ? null : arrival.AddMonths(Math.Max(1, s.TermMonths)),
            TrialEnd = s.TrialEnd is { } end ? end.AddDays(shift) : null,
        })];
        _usage = _usage with { AsOf = arrival };
        return arrival;
    }

    private void Reset(DemoAccount start, int seed)
    {
        _random = new Random(unchecked((seed * 1_000_003) + IdNumber(start.Account.Id)));
        _account = start.Account;
        _subscriptions = start.Subscriptions;
        _usage = start.Usage;
        _trend = start.Trend;
        _history = ContactHistory.None;
        _lastDeclined = null;
        _page.Clear();
        _problems.Clear();
        _instances.Clear();
        _taskByKey.Clear();
        _tasks.Clear();
        _proposalByKey.Clear();
        _proposals.Clear();
        _stages.Clear();
        _taskEvents.Clear();
        _proposalEvents.Clear();
        _changes.Clear();
        _lastSeen.Clear();
        _prompts.Clear();
        _drafted.Clear();
        var primary = PrimarySubscription.Choose(_subscriptions);
        _used = primary?.SeatsUsed ?? 0;
        _week = 0;
        Array.Fill(_weeklyUse, primary is { Seats: > 0 } p ? (double)p.SeatsUsed / p.Seats : 0);
        Array.Fill(_weeklyHealth, _usage.Health);
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

    private CrmAccountRecord Record() => new(_account, _subscriptions, _usage, _history, 0);

    private void Morning(DateOnly day)
    {
        var morning = At(day, 6);
        if (Lifecycle(day))
        {
            Observe(day);
        }

        Expire(day, morning);
        var record = Record();
        _problems.Clear();
        if (AccountPreparation.TryPrepare(record, morning, TimeZoneInfo.Utc, _problems, out var context))
        {
            var evaluation = _runtime.EvaluateAccount(_instances, in context);
            if (!evaluation.IsEmpty)
            {
                Apply(evaluation, morning, $"demo history: sweep of {day:yyyy-MM-dd}", record, in context);
            }
        }
    }

    private void Afternoon(DateOnly day)
    {
        var afternoon = At(day, 14);
        var tasks = _tasks.Count;
        for (var i = 0; i < tasks; i++)
        {
            var task = _tasks[i];
            if (task.Status == CrmTaskStatus.Open && task.Plan is { } plan && plan.On == day)
            {
                Complete(task, plan.Answer, afternoon);
            }
        }

        var proposals = _proposals.Count;
        for (var i = 0; i < proposals; i++)
        {
            var proposal = _proposals[i];
            if (proposal.Status == ProposalStatus.Issued && proposal.Plan is { } plan && plan.On == day)
            {
                Answer(proposal, plan.Answer, day, afternoon);
            }
        }
    }

    // Renewals, trial ends and the weekly usage reading; true when a license changed.
    private bool Lifecycle(DateOnly day)
    {
        var changed = false;
        for (var i = 0; i < _subscriptions.Length; i++)
        {
            var s = _subscriptions[i];
            var next = s;
            if (s.Status == SubscriptionStatus.Active && s.RenewalDate is { } renewal && renewal <= day)
            {
                next = HistoryBehaviour.ChurnsAtRenewal(_random, _trend, _usage.Health)
                    ? next with { Status = SubscriptionStatus.Cancelled, RenewalDate = null, TrialTier = null, TrialEnd = null }
                    : next with { RenewalDate = Renewed(renewal, s.TermMonths, day) };
            }

            if (next.TrialTier is not null && next.TrialEnd is { } end && end < day)
            {
                next = next.Status != SubscriptionStatus.Trial ? next with { TrialTier = null, TrialEnd = null }
                    : HistoryBehaviour.ConvertsAfterTrial(_random) ? Converted(next, day)
                    : next with { Status = SubscriptionStatus.Cancelled, TrialTier = null, TrialEnd = null };
            }

            if (next != s)
            {
                _subscriptions = _subscriptions.SetItem(i, next);
                changed = true;
            }
        }

        if ((day.DayNumber + IdNumber(_account.Id)) % 7 == 0)
        {
            WeeklyUsage(day);
        }

        return changed;
    }

    private static DateOnly Renewed(DateOnly renewal, int termMonths, DateOnly day)
    {
        var next = renewal;
        while (next <= day)
        {
            next = next.AddMonths(Math.Max(1, termMonths));
        }

        return next;
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

        var s = _subscriptions[index];
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
        var health = Math.Clamp(_usage.Health + HistoryBehaviour.WeeklyHealthChange(_random, _trend), 5, 99);
        var healthMonthAgo = _weeklyHealth[(_week + 1) % _weeklyHealth.Length];
        _weeklyHealth[slot] = health;
        var minimum = double.MaxValue;
        for (var i = 1; i <= 4; i++)
        {
            minimum = Math.Min(minimum, _weeklyUse[(_week - i + 1 + (_weeklyUse.Length * 2)) % _weeklyUse.Length]);
        }

        var atRisk = _trend == UsageTrend.AtRisk;
        _usage = _usage with
        {
            AsOf = day,
            ActiveUsers30d = (int)Math.Round(used * (0.75 + (_random.NextDouble() * 0.25))),
            FeatureAdoption = Math.Clamp(_usage.FeatureAdoption + (decimal)((_random.NextDouble() - (atRisk ? 0.6 : 0.45)) * 0.04), 0m, 1m),
            Health = health,
            HealthChange30d = health - healthMonthAgo,
            OpenTickets = atRisk ? _random.Next(1, 7) : _random.Next(0, 3),
            SeatUtilizationMin28d = Math.Round((decimal)minimum, 3),
            UsageGrowth30d = monthAgo > 0 ? Math.Round((decimal)((double)used / s.Seats / monthAgo) - 1m, 3) : 0m,
            DaysSinceLastLogin = atRisk ? Math.Min(90, _usage.DaysSinceLastLogin + _random.Next(0, 6)) : _random.Next(0, 4),
        };
        _subscriptions = _subscriptions.SetItem(index, s with { SeatsUsed = used });
    }

    private int PrimaryIndex()
    {
        var primary = PrimarySubscription.Choose(_subscriptions);
        return primary is null ? -1 : _subscriptions.IndexOf(primary);
    }

    // The ledger sees the licenses as the sync would: a movement for every difference from the last-seen values.
    private void Observe(DateOnly day)
    {
        var mark = _page.Snapshots.Count;
        MrrTracker.Observe(_subscriptions, _lastSeen, day, _page.Snapshots, _page.Movements);
        for (var i = mark; i < _page.Snapshots.Count; i++)
        {
            _lastSeen[_page.Snapshots[i].SubscriptionId] = _page.Snapshots[i];
        }
    }

    private void Expire(DateOnly day, DateTimeOffset at)
    {
        var count = _proposals.Count;
        for (var i = 0; i < count; i++)
        {
            var p = _proposals[i];
            if (p.Status == ProposalStatus.Issued && p.Proposal.ExpiresOn < day)
            {
                p.Status = ProposalStatus.Expired;
                p.AnsweredOn = day;
                var result = Fire(p.Proposal.PlaybookId, p.Proposal.State, new PlaybookEvent(PlaybookEventKind.ProposalExpired), at,
                    $"demo history: proposal {p.Proposal.Key} expired");
                _proposalEvents.Add(new CrmProposalEventHistory(p.Proposal.Key, _account.Id, p.Proposal.PlaybookId, p.Proposal.State,
                    ProposalEventKind.Expired, null, at, result.ToString()));
            }
        }
    }

    private void Complete(HistoryTask task, string outcome, DateTimeOffset at)
    {
        task.Status = CrmTaskStatus.Completed;
        task.Outcome = outcome;
        task.ClosedAt = at;
        var t = task.Task;
        var result = Fire(t.PlaybookId, t.State, PlaybookEvent.Outcome(outcome), at, $"demo history: task {t.Key} completed: {outcome}");
        _taskEvents.Add(new CrmTaskEventHistory(t.Key, _account.Id, t.PlaybookId, t.State, outcome, at, result.ToString()));
    }

    private void Answer(HistoryProposal proposal, string answer, DateOnly day, DateTimeOffset at)
    {
        var p = proposal.Proposal;
        proposal.AnsweredOn = day;
        proposal.AnsweredAt = at;
        proposal.AnsweredBy = HistoryBehaviour.Contact(_random, _account);
        if (answer == "declined")
        {
            proposal.Status = ProposalStatus.Declined;
            proposal.DeclineReason = HistoryBehaviour.DeclineReason(_random);
            _lastDeclined = _lastDeclined is { } last && last > day ? last : day;
            _history = new ContactHistory([.. _prompts], _lastDeclined);
            var declined = Fire(p.PlaybookId, p.State, new PlaybookEvent(PlaybookEventKind.ProposalDeclined), at, $"demo history: proposal {p.Key} declined");
            _proposalEvents.Add(new CrmProposalEventHistory(p.Key, _account.Id, p.PlaybookId, p.State, ProposalEventKind.Declined, proposal.DeclineReason, at,
                declined.ToString()));
            return;
        }

        proposal.Status = ProposalStatus.Accepted;
        var license = Transition(p, day, at);
        string result;
        if (license.Change is not { } change)
        {
            // As the connector does: the playbook stays, the proposal is open again, the CSM learns why.
            proposal.Reopen();
            Deliver(LicenseTransition.RefusalTask(p.Key, _account.Id, p.State, license.Detail, at), at);
            result = $"{CrmEventApplier.Skip(EventResultKind.Refused, $"license change refused, playbook not moved: {license.Detail}")}";
        }
        else
        {
            var index = _subscriptions.IndexOf(change.Before);
            _subscriptions = _subscriptions.SetItem(index, change.After);
            _changes.Add(change);
            var mark = _page.Snapshots.Count;
            MrrTracker.Changed(change, _page.Snapshots, _page.Movements);
            _lastSeen[change.After.Id] = _page.Snapshots[mark];
            result = Fire(p.PlaybookId, p.State, new PlaybookEvent(PlaybookEventKind.ProposalAccepted), at, $"demo history: proposal {p.Key} accepted").ToString();
        }

        _proposalEvents.Add(new CrmProposalEventHistory(p.Key, _account.Id, p.PlaybookId, p.State, ProposalEventKind.Accepted, null, at,
            $"{result}; license {license.Outcome.ToString().ToLowerInvariant()}: {license.Detail}"));
    }

    private LicenseTransitionResult Transition(CrmProposal proposal, DateOnly day, DateTimeOffset at)
    {
        if (proposal.Terms is not { } terms)
        {
            return new LicenseTransitionResult(LicenseTransitionOutcome.Refused, "the proposal could not be priced when it was issued; price it by hand", null);
        }

        var current = _subscriptions.FirstOrDefault(s => s.Id == terms.SubscriptionId);
        return LicenseTransition.Plan(proposal.Key, _account.Id, current, terms, day, _offers.TiersOnSale(day), at);
    }

    // A CRM event applied as CrmEventApplier applies it: only while the instance is still in the state it belongs to.
    private EventApplication Fire(string playbookId, string state, PlaybookEvent playbookEvent, DateTimeOffset at, string triggeredBy)
    {
        var record = Record();
        _problems.Clear();
        if (!AccountPreparation.TryPrepare(record, at, TimeZoneInfo.Utc, _problems, out var context))
        {
            return CrmEventApplier.Skip(EventResultKind.Skipped, $"the account is quarantined ({_problems[0]})");
        }

        var instance = _instances.Find(i => i.PlaybookId == playbookId);
        if (instance is null)
        {
            return CrmEventApplier.Skip(EventResultKind.Skipped, $"the account has no instance of playbook {playbookId}");
        }

        if (instance.State != state)
        {
            return CrmEventApplier.Skip(EventResultKind.Stale, $"the playbook moved on from {state} to {instance.State} before the {playbookEvent} arrived");
        }

        var evaluation = _runtime.FireEvent(_instances, playbookId, playbookEvent, in context);
        Apply(evaluation, at, triggeredBy, record, in context);
        return CrmEventApplier.Describe(playbookId, state, playbookEvent, evaluation);
    }

    private void Apply(AccountEvaluation evaluation, DateTimeOffset now, string triggeredBy, CrmAccountRecord record, in EvaluationContext context)
    {
        var mark = _page.Outbox.Count;
        _page.Evaluated(evaluation, now, triggeredBy, _drafting, record, in context);
        foreach (var changed in evaluation.Changed)
        {
            var at = _instances.FindIndex(i => i.PlaybookId == changed.PlaybookId);
            if (at < 0)
            {
                _instances.Add(changed);
            }
            else
            {
                _instances[at] = changed;
            }
        }

        for (var i = mark; i < _page.Outbox.Count; i++)
        {
            Deliver(_page.Outbox[i].Write, now);
        }
    }

    // What the embedded CRM does with each write: insert once by key; a stage moving on supersedes and withdraws.
    private void Deliver(CrmWrite write, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        switch (write)
        {
            case CrmTask t when !_taskByKey.ContainsKey(t.Key):
                var task = new HistoryTask(t, _account.CsmId, HistoryBehaviour.PlanTask(_random, t, today));
                _taskByKey[t.Key] = task;
                _tasks.Add(task);
                break;
            case CrmProposal p when !_proposalByKey.ContainsKey(p.Key):
                var license = PrimarySubscription.Choose(_subscriptions);
                var proposal = new HistoryProposal(p, license is null ? null : HistoryBehaviour.PlanProposal(_random, p, license, _usage));
                _proposalByKey[p.Key] = proposal;
                _proposals.Add(proposal);
                _prompts.Add(p.IssuedOn);
                _history = new ContactHistory([.. _prompts], _lastDeclined);
                break;
            case CrmPlaybookStage s:
                if (!_stages.TryGetValue(s.PlaybookId, out var stored) || s.Step > stored.Step)
                {
                    _stages[s.PlaybookId] = s;
                }

                if (s.Step > 1)
                {
                    Supersede(s);
                }

                break;
        }
    }

    private void Supersede(CrmPlaybookStage stage)
    {
        var reason = CrmReasons.Superseded(stage.Reason, stage.Reason.ToString());
        foreach (var task in _tasks)
        {
            if (task.Status == CrmTaskStatus.Open && task.Task.PlaybookId == stage.PlaybookId && task.Task.Step < stage.Step)
            {
                task.Status = CrmTaskStatus.Superseded;
                task.ClosedAt = stage.EnteredAt;
                task.ClosedReason = reason;
            }
        }

        foreach (var proposal in _proposals)
        {
            if (proposal.Status == ProposalStatus.Issued && proposal.Proposal.PlaybookId == stage.PlaybookId && proposal.Proposal.Step < stage.Step)
            {
                proposal.Status = ProposalStatus.Withdrawn;
                proposal.AnsweredOn = DateOnly.FromDateTime(stage.EnteredAt.UtcDateTime);
            }
        }
    }

    private HistoryResult Result()
    {
        var crm = new CrmAccountHistory(
            [.. _tasks.Select(t => t.ToHistory())],
            [.. _proposals.Select(p => p.ToHistory(Document(p)))],
            [.. _stages.Values.OrderBy(s => s.PlaybookId, StringComparer.Ordinal)],
            [.. _taskEvents],
            [.. _proposalEvents],
            [.. _changes]);
        long transitions = 0;
        foreach (var entry in _page.Audit)
        {
            transitions += entry.Kind == AuditKind.Transition ? 1 : 0;
        }

        return new HistoryResult(Lifecycle(), _subscriptions, _usage, crm, [.. _instances], [.. _page.Audit], [.. _lastSeen.Values], [.. _page.Movements],
            transitions, _tasks.Count, _proposals.Count);
    }

    // Only a proposal still open is rendered: the one a CSM can open from the queue and the customer can still answer.
    private string? Document(HistoryProposal proposal) =>
        proposal.Status == ProposalStatus.Issued && _drafted.TryGetValue(proposal.Proposal.Key, out var built) ? ProposalHtmlRenderer.Render(built) : null;

    // The account's lifecycle stage as of the end, by the data set's own rules.
    private Account Lifecycle()
    {
        if (PrimarySubscription.Choose(_subscriptions) is not { } s)
        {
            return _account;
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
        return _account with { LifecycleStage = stage };
    }
}
