using System.Collections.Immutable;
using CrmSuite.Connector.Accounts;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Licensing;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Sync;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Simulation;

/// <summary>
/// One account lived through the real engine as the connector runs it, one step at a time: expiry of the proposals past
/// their last valid day, the sweep (every playbook evaluated together, with preemption and the shared contact budget),
/// task outcomes and proposal answers applied like CRM events (only while the instance is still in the state that
/// opened them; an acceptance through <see cref="LicenseTransition.Plan"/>). The effects become CRM writes through the
/// sync's <see cref="PageBuilder"/> and land in a simulated CRM that inserts once by key, supersedes tasks and withdraws
/// proposals as the embedded CRM does. The demo history and `simulate` both drive it; what happens to the license between
/// the steps (renewals, usage) is theirs to decide.
/// </summary>
internal sealed class SimulatedAccount
{
    private readonly PlaybookRuntime _runtime;
    private readonly PublishedOffers _offers;
    private readonly ProposalDrafting _drafting;
    private readonly PageBuilder _page = new();
    private readonly List<QuarantineEntry> _problems = [];
    private readonly List<PlaybookInstance> _instances = [];
    private readonly Dictionary<string, SimulatedTask> _taskByKey = new(StringComparer.Ordinal);
    private readonly List<SimulatedTask> _tasks = [];
    private readonly Dictionary<string, SimulatedProposal> _proposalByKey = new(StringComparer.Ordinal);
    private readonly List<SimulatedProposal> _proposals = [];
    private readonly Dictionary<string, CrmPlaybookStage> _stages = new(StringComparer.Ordinal);
    private readonly List<CrmTaskEventHistory> _taskEvents = [];
    private readonly List<CrmProposalEventHistory> _proposalEvents = [];
    private readonly List<LicenseChange> _changes = [];
    private readonly Dictionary<string, MrrSnapshot> _lastSeen = new(StringComparer.Ordinal);
    private readonly List<DateOnly> _prompts = [];

    // The tasks opened, as the CRM's task rows tell the contact policy (the runtime keeps the upgrade tasks among them).
    private readonly List<ContactTouch> _taskTouches = [];
    private DateOnly? _lastDeclined;

    /// <param name="source">How the audit trail names what drove a step, e.g. <c>demo history</c>.</param>
    public SimulatedAccount(PlaybookRuntime runtime, PublishedOffers offers, ProposalDrafting drafting, string source)
    {
        _runtime = runtime;
        _offers = offers;
        _drafting = drafting;
        Source = source;
    }

    public string Source { get; }

    public ISimulationObserver? Observer { get; set; }

    public Account Account { get; set; } = null!;

    /// <summary>The account's licenses as the CRM holds them now; the driver moves them between steps.</summary>
    public ImmutableArray<Subscription> Subscriptions { get; set; }

    public UsageSnapshot? Usage { get; set; }

    public ContactHistory History { get; private set; } = ContactHistory.None;

    public IReadOnlyList<PlaybookInstance> Instances => _instances;

    public IReadOnlyList<SimulatedTask> Tasks => _tasks;

    public IReadOnlyList<SimulatedProposal> Proposals => _proposals;

    public IEnumerable<CrmPlaybookStage> Stages => _stages.Values;

    public IReadOnlyList<CrmTaskEventHistory> TaskEvents => _taskEvents;

    public IReadOnlyList<CrmProposalEventHistory> ProposalEvents => _proposalEvents;

    public IReadOnlyList<LicenseChange> LicenseChanges => _changes;

    public IReadOnlyList<AuditEntry> Audit => _page.Audit;

    public IReadOnlyCollection<MrrSnapshot> LastSeen => _lastSeen.Values;

    public IReadOnlyList<MrrMovement> Movements => _page.Movements;

    /// <summary>Why the account could not be prepared at the last step that tried (the sync's quarantine reasons).</summary>
    public IReadOnlyList<QuarantineEntry> Problems => _problems;

    /// <summary>Forgets everything and starts again from these records.</summary>
    public void Reset(Account account, ImmutableArray<Subscription> subscriptions, UsageSnapshot? usage)
    {
        Account = account;
        Subscriptions = subscriptions;
        Usage = usage;
        History = ContactHistory.None;
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
        _taskTouches.Clear();
    }

    private ContactHistory CurrentHistory() => new([.. _prompts], _lastDeclined) { Touches = [.. _taskTouches] };

    /// <summary>The account as the CRM port would read it now.</summary>
    public CrmAccountRecord Record() => new(Account, Subscriptions, Usage, History, 0);

    /// <summary>Whether the sync would evaluate the account at <paramref name="at"/>; when not, <see cref="Problems"/> says why.</summary>
    public bool CanEvaluate(DateTimeOffset at)
    {
        _problems.Clear();
        return AccountPreparation.TryPrepare(Record(), at, TimeZoneInfo.Utc, _problems, out _);
    }

    /// <summary>The next renewal date after <paramref name="day"/>: the license renews for its term, as often as it must.</summary>
    public static DateOnly Renewed(DateOnly renewal, int termMonths, DateOnly day)
    {
        var next = renewal;
        while (next <= day)
        {
            next = next.AddMonths(Math.Max(1, termMonths));
        }

        return next;
    }

    /// <summary>The ledger sees the licenses as the sync would: a movement for every difference from the last-seen values.</summary>
    public void Observe(DateOnly day)
    {
        var mark = _page.Snapshots.Count;
        MrrTracker.Observe(Subscriptions, _lastSeen, day, _page.Snapshots, _page.Movements);
        for (var i = mark; i < _page.Snapshots.Count; i++)
        {
            _lastSeen[_page.Snapshots[i].SubscriptionId] = _page.Snapshots[i];
        }
    }

    /// <summary>The sweep's expiry: every open proposal whose last valid day is before <paramref name="day"/> expires.</summary>
    public void Expire(DateOnly day, DateTimeOffset at)
    {
        var count = _proposals.Count;
        for (var i = 0; i < count; i++)
        {
            var p = _proposals[i];
            if (p.Status == ProposalStatus.Issued && p.Proposal.ExpiresOn < day)
            {
                p.Status = ProposalStatus.Expired;
                p.AnsweredOn = day;
                Observer?.ProposalExpired(p);
                var result = Fire(p.Proposal.PlaybookId, p.Proposal.State, new PlaybookEvent(PlaybookEventKind.ProposalExpired) { Key = p.Proposal.Key }, at,
                    $"{Source}: proposal {p.Proposal.Key} expired");
                _proposalEvents.Add(new CrmProposalEventHistory(p.Proposal.Key, Account.Id, p.Proposal.PlaybookId, p.Proposal.State,
                    ProposalEventKind.Expired, null, at, result.ToString()));
            }
        }
    }

    /// <summary>The time-trigger sweep: every playbook of the account evaluated together, as a sync page does.</summary>
    public void Sweep(DateOnly day, DateTimeOffset at)
    {
        var record = Record();
        _problems.Clear();
        if (AccountPreparation.TryPrepare(record, at, TimeZoneInfo.Utc, _problems, out var context))
        {
            var evaluation = _runtime.EvaluateAccount(_instances, in context);
            if (!evaluation.IsEmpty)
            {
                Apply(evaluation, at, $"{Source}: sweep of {day:yyyy-MM-dd}", record, in context);
            }
        }
    }

    /// <summary>The CSM completes <paramref name="task"/> with <paramref name="outcome"/>; applied like the CRM's task event.</summary>
    public EventApplication Complete(SimulatedTask task, string outcome, DateTimeOffset at)
    {
        task.Status = CrmTaskStatus.Completed;
        task.Outcome = outcome;
        task.ClosedAt = at;
        var t = task.Task;
        var result = Fire(t.PlaybookId, t.State, PlaybookEvent.Outcome(outcome) with { Key = t.Key }, at, $"{Source}: task {t.Key} completed: {outcome}");
        _taskEvents.Add(new CrmTaskEventHistory(t.Key, Account.Id, t.PlaybookId, t.State, outcome, at, result.ToString()));
        return result;
    }

    /// <summary>
    /// The customer declines <paramref name="proposal"/>: the decline starts the quiet period and fires
    /// <c>on proposal declined</c>.
    /// </summary>
    public EventApplication Decline(SimulatedProposal proposal, DateOnly day, DateTimeOffset at, string? answeredBy, string? reason)
    {
        var p = proposal.Proposal;
        Answered(proposal, day, at, answeredBy);
        proposal.Status = ProposalStatus.Declined;
        proposal.DeclineReason = reason;
        _lastDeclined = _lastDeclined is { } last && last > day ? last : day;
        History = CurrentHistory();
        var declined = Fire(p.PlaybookId, p.State, new PlaybookEvent(PlaybookEventKind.ProposalDeclined) { Key = p.Key }, at, $"{Source}: proposal {p.Key} declined");
        _proposalEvents.Add(new CrmProposalEventHistory(p.Key, Account.Id, p.PlaybookId, p.State, ProposalEventKind.Declined, reason, at,
            declined.ToString()));
        return declined;
    }

    /// <summary>
    /// The customer accepts <paramref name="proposal"/>: the license transition's own decision first (entitlement check,
    /// then the change as proposed, effective <paramref name="day"/>), then <c>on proposal accepted</c>. A refusal leaves
    /// the playbook where it is, opens the proposal again and gives the CSM a task that says why, as the connector does.
    /// </summary>
    public (EventApplication Result, LicenseTransitionResult License) Accept(SimulatedProposal proposal, DateOnly day, DateTimeOffset at, string? answeredBy)
    {
        var p = proposal.Proposal;
        Answered(proposal, day, at, answeredBy);
        proposal.Status = ProposalStatus.Accepted;
        var license = Transition(p, day, at);
        Observer?.LicenseTransitioned(proposal, license);
        EventApplication result;
        if (license.Change is not { } change)
        {
            proposal.Reopen();
            Deliver(LicenseTransition.RefusalTask(p.Key, Account.Id, p.State, license.Detail, at), at);
            result = CrmEventApplier.Skip(EventResultKind.Refused, $"license change refused, playbook not moved: {license.Detail}");
        }
        else
        {
            var index = Subscriptions.IndexOf(change.Before);
            Subscriptions = Subscriptions.SetItem(index, change.After);
            _changes.Add(change);
            var mark = _page.Snapshots.Count;
            MrrTracker.Changed(change, _page.Snapshots, _page.Movements);
            _lastSeen[change.After.Id] = _page.Snapshots[mark];
            result = Fire(p.PlaybookId, p.State, new PlaybookEvent(PlaybookEventKind.ProposalAccepted) { Key = p.Key }, at, $"{Source}: proposal {p.Key} accepted");
        }

        _proposalEvents.Add(new CrmProposalEventHistory(p.Key, Account.Id, p.PlaybookId, p.State, ProposalEventKind.Accepted, null, at,
            $"{result}; license {license.Outcome.ToString().ToLowerInvariant()}: {license.Detail}"));
        return (result, license);
    }

    /// <summary>
    /// The customer accepts <paramref name="proposal"/> and the license changes as a recorded history says (the backtest: its
    /// driver moves the license from the CRM's history), so no license transition runs here; <c>on proposal accepted</c> fires.
    /// </summary>
    public EventApplication AcceptAsRecorded(SimulatedProposal proposal, DateOnly day, DateTimeOffset at)
    {
        var p = proposal.Proposal;
        Answered(proposal, day, at, null);
        proposal.Status = ProposalStatus.Accepted;
        var result = Fire(p.PlaybookId, p.State, new PlaybookEvent(PlaybookEventKind.ProposalAccepted) { Key = p.Key }, at, $"{Source}: proposal {p.Key} accepted");
        _proposalEvents.Add(new CrmProposalEventHistory(p.Key, Account.Id, p.PlaybookId, p.State, ProposalEventKind.Accepted, null, at, result.ToString()));
        return result;
    }

    private static void Answered(SimulatedProposal proposal, DateOnly day, DateTimeOffset at, string? answeredBy)
    {
        proposal.AnsweredOn = day;
        proposal.AnsweredAt = at;
        proposal.AnsweredBy = answeredBy;
    }

    private LicenseTransitionResult Transition(CrmProposal proposal, DateOnly day, DateTimeOffset at)
    {
        if (proposal.Terms is not { } terms)
        {
            return new LicenseTransitionResult(LicenseTransitionOutcome.Refused, "the proposal could not be priced when it was issued; price it by hand", null);
        }

        var current = Subscriptions.FirstOrDefault(s => s.Id == terms.SubscriptionId);
        return LicenseTransition.Plan(proposal.Key, Account.Id, current, terms, day, _offers.TiersOnSale(day), at);
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

        if (CrmEventApplier.NotApplicable(_instances, playbookId, state, playbookEvent, _runtime.AnswersCurrentVisit) is { } skipped)
        {
            return skipped;
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
                Observer?.Started(changed.PlaybookId, _runtime.Find(changed.PlaybookId)?.Definition.Start ?? changed.State);
            }
            else
            {
                _instances[at] = changed;
            }
        }

        // Every effect but a refusal became one CRM write, in order: refusals are reported where they happened.
        var row = mark;
        foreach (var effect in evaluation.Effects)
        {
            if (effect is SuppressedEffect refused)
            {
                Observer?.Suppressed(refused);
            }
            else if (row < _page.Outbox.Count)
            {
                Deliver(_page.Outbox[row++].Write, now);
            }
        }

        for (; row < _page.Outbox.Count; row++)
        {
            Deliver(_page.Outbox[row].Write, now);
        }
    }

    // What the embedded CRM does with each write: insert once by key; a stage moving on supersedes and withdraws.
    private void Deliver(CrmWrite write, DateTimeOffset now)
    {
        switch (write)
        {
            case CrmTask t when !_taskByKey.ContainsKey(t.Key):
                var task = new SimulatedTask(t, Account.CsmId);
                _taskByKey[t.Key] = task;
                _tasks.Add(task);
                _taskTouches.Add(ContactTouch.OfTask(DateOnly.FromDateTime(t.CreatedAt.UtcDateTime), t.PlaybookId, t.State));
                History = CurrentHistory();
                Observer?.TaskOpened(task, DateOnly.FromDateTime(now.UtcDateTime));
                break;
            case CrmProposal p when !_proposalByKey.ContainsKey(p.Key):
                var proposal = new SimulatedProposal(p);
                _proposalByKey[p.Key] = proposal;
                _proposals.Add(proposal);
                Observer?.ProposalIssued(proposal);
                _prompts.Add(p.IssuedOn);
                History = CurrentHistory();
                break;
            case CrmPlaybookStage s:
                if (!_stages.TryGetValue(s.PlaybookId, out var stored) || s.Step > stored.Step)
                {
                    _stages[s.PlaybookId] = s;
                }

                Observer?.StageEntered(s);
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
                Observer?.TaskSuperseded(task);
            }
        }

        foreach (var proposal in _proposals)
        {
            if (proposal.Status == ProposalStatus.Issued && proposal.Proposal.PlaybookId == stage.PlaybookId && proposal.Proposal.Step < stage.Step)
            {
                proposal.Status = ProposalStatus.Withdrawn;
                proposal.AnsweredOn = DateOnly.FromDateTime(stage.EnteredAt.UtcDateTime);
                Observer?.ProposalWithdrawn(proposal);
            }
        }
    }
}
