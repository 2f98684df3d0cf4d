using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Licensing;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Simulation;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Backtest;

/// <summary>
/// Replays one account's history day by day through <see cref="SimulatedAccount"/> — the same steps the demo history and
/// `simulate` take (expiry, the sweep with guardrails and the contact budget, task outcomes and proposal answers applied
/// like CRM events) — with the license and usage of each day taken from the CRM's history instead of simulated. A task is
/// completed when the CRM holds the same task (same key) completed, with its outcome, on its day; a proposal is accepted on
/// the first day within its validity the history shows an upgrade, otherwise it expires. Counts land in the week's
/// <see cref="WeekTally"/>. One instance per thread and playbook set, reused from account to account.
/// </summary>
internal sealed class BacktestAccount : ISimulationObserver
{
    private readonly PlaybookRuntime _runtime;
    private readonly SimulatedAccount _life;
    private readonly Dictionary<string, HashSet<string>> _engaged;
    private readonly Dictionary<string, TaskOutcomeRow> _outcomes = new(StringComparer.Ordinal);
    // Counts of warm-up days land here and are dropped.
    private readonly WeekTally _warmUp = new();
    private WeekTally[] _weeks = [];
    private BacktestWindow _window;
    private LicenseHistory _license = null!;
    private DateOnly _today;

    /// <summary>The day being replayed (for an error message); null before the first replay.</summary>
    public DateOnly? Day { get; private set; }

    public BacktestAccount(PlaybookRuntime runtime, PublishedOffers offers)
    {
        _runtime = runtime;
        var drafting = new ProposalDrafting(offers) { RenderDocuments = false };
        _life = new SimulatedAccount(runtime, offers, drafting, "backtest") { Observer = this };
        _engaged = runtime.Playbooks.ToDictionary(
            p => p.Id,
            p => p.Definition.States.Where(s => s.Name != p.Definition.Start && !s.IsFinal).Select(s => s.Name).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    /// <summary>Replays <paramref name="timeline"/> over <paramref name="window"/> into <paramref name="weeks"/>; returns the days evaluated.</summary>
    public long Replay(CrmAccountTimeline timeline, LicenseHistory license, BacktestWindow window, WeekTally[] weeks)
    {
        _weeks = weeks;
        _window = window;
        Day = null;
        _license = license;
        _outcomes.Clear();
        foreach (var o in timeline.TaskOutcomes)
        {
            _outcomes[o.Key] = o;
        }

        var first = license.FirstDay > window.ReplayFrom ? license.FirstDay : window.ReplayFrom;
        var cursor = -1;
        var usage = license.UsageOn(first, ref cursor);
        var primary = license.PrimaryId;
        var subscriptions = license.On(first, usage?.SeatsUsed, primary, out var until);
        _life.Reset(timeline.Account, subscriptions, usage?.Usage);
        var lastTwoPlays = -1;
        long evaluated = 0;
        for (var day = first; day <= window.Through; day = day.AddDays(1))
        {
            _today = day;
            Day = day;
            var reading = license.UsageOn(day, ref cursor);
            if (!ReferenceEquals(reading, usage) || day >= until)
            {
                usage = reading;
                _life.Usage = usage?.Usage;
                _life.Subscriptions = license.On(day, usage?.SeatsUsed, primary, out until);
            }

            if (_life.Subscriptions.IsEmpty)
            {
                continue;
            }

            var morning = new DateTimeOffset(day.ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero);
            _life.Expire(day, morning);
            _life.Sweep(day, morning);
            Afternoon(day, new DateTimeOffset(day.ToDateTime(new TimeOnly(14, 0)), TimeSpan.Zero));
            if (!window.Reports(day))
            {
                continue;
            }

            evaluated++;
            var week = window.WeekOf(day);
            if (week != lastTwoPlays && InTwoPlays())
            {
                weeks[week].AccountsInTwoPlays++;
                lastTwoPlays = week;
            }
        }

        return evaluated;
    }

    private void Afternoon(DateOnly day, DateTimeOffset at)
    {
        var tasks = _life.Tasks;
        for (var i = 0; i < tasks.Count; i++)
        {
            if (tasks[i] is { Status: CrmTaskStatus.Open, Plan: { } plan } task && plan.On == day)
            {
                _life.Complete(task, plan.Answer, at);
            }
        }

        var proposals = _life.Proposals;
        for (var i = 0; i < proposals.Count; i++)
        {
            if (proposals[i] is { Status: ProposalStatus.Issued, Plan: { } plan } proposal && plan.On == day)
            {
                _life.AcceptAsRecorded(proposal, day, at);
                Tally(day).ProposalsAccepted++;
            }
        }
    }

    private WeekTally Tally(DateOnly day) => _window.Reports(day) ? _weeks[_window.WeekOf(day)] : _warmUp;

    private bool InTwoPlays()
    {
        var engaged = 0;
        foreach (var instance in _life.Instances)
        {
            if (_engaged.TryGetValue(instance.PlaybookId, out var states) && states.Contains(instance.State) && ++engaged >= 2)
            {
                return true;
            }
        }

        return false;
    }

    void ISimulationObserver.TaskOpened(SimulatedTask task, DateOnly today)
    {
        var week = Tally(today);
        week.Opened(_life.Account.CsmId ?? "(none)", task.Task.Priority, Routing.RescueHelp.Is(_runtime, task.Task.PlaybookId, task.Task.State));
        if (_outcomes.TryGetValue(task.Task.Key, out var done) && done.On >= today && task.Task.Outcomes.Contains(done.Outcome))
        {
            task.Plan = new PlannedAnswer(done.On, done.Outcome);
        }
    }

    void ISimulationObserver.ProposalIssued(SimulatedProposal proposal)
    {
        Tally(_today).ProposalsIssued++;
        var p = proposal.Proposal;
        if (_license.UpgradeBetween(p.IssuedOn, p.ExpiresOn) is { } upgraded)
        {
            proposal.Plan = new PlannedAnswer(upgraded, "accepted");
        }
    }

    void ISimulationObserver.Suppressed(SuppressedEffect refused) => Tally(_today).Suppressed[(int)refused.Guardrail.Kind]++;
}
