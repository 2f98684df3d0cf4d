using System.Globalization;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Licensing;
using CrmSuite.Connector.Playbooks;
using CrmSuite.Connector.Simulation;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Cli;

/// <summary>The lines `simulate` prints, or the error that stopped it (a day the sync would not evaluate the account).</summary>
internal sealed record SimulationOutcome(IReadOnlyList<string> Lines, IReadOnlyList<string> Errors);

/// <summary>
/// `simulate`'s day-by-day replay of one account, on <see cref="SimulatedAccount"/> — the step the demo history uses,
/// which is the sync's own: each morning the CSV's changes for the day, then the license's own life (an active license
/// renews for its term on its renewal date; a tier trial past its end lapses), then the expiry of proposals past their
/// last valid day and the sweep of every playbook; each afternoon the CSV's answers, applied like CRM events. Prints what
/// the CRM would receive: stages, tasks and proposals with their keys, tasks superseded, proposals withdrawn and expired,
/// and each license change.
/// </summary>
internal sealed class SimulationTimeline : ISimulationObserver
{
    private const string Source = "simulate";
    private readonly SimulatedAccount _life;
    private readonly AccountFile.Contents _start;
    private readonly DailyChanges? _daily;
    private readonly string _accountPath;
    private readonly List<string> _lines = [];
    private int _day;
    private DateOnly _today;
    private int _transitions;
    private int _suppressed;
    private CrmPlaybookStage? _lastStage;

    public SimulationTimeline(PlaybookRuntime runtime, PublishedOffers offers, AccountFile.Contents start, DailyChanges? daily, string accountPath)
    {
        _life = new SimulatedAccount(runtime, offers, new ProposalDrafting(offers) { RenderDocuments = false }, Source) { Observer = this };
        _start = start;
        _daily = daily;
        _accountPath = accountPath;
    }

    public SimulationOutcome Run(string title, DateOnly first, int days)
    {
        _life.Reset(_start.Account, [_start.Subscription], _start.Usage);
        _lines.Clear();
        _lines.Add($"Simulating {title} for {_start.Account.Name} ({_start.Account.Id}), {first:yyyy-MM-dd} + {days} days");
        for (_day = 0; _day < days; _day++)
        {
            _today = first.AddDays(_day);
            var errors = Morning();
            if (errors.Count > 0)
            {
                return new SimulationOutcome([], errors);
            }

            Afternoon();
        }

        _lines.AddRange(Summary());
        return new SimulationOutcome(_lines, []);
    }

    private static DateTimeOffset At(DateOnly day, int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);

    private List<string> Morning()
    {
        var changes = _daily?.ChangesOn(_day) ?? [];
        var account = new AccountFile.Contents(_life.Account, _life.Subscriptions[0], _life.Usage);
        foreach (var change in changes)
        {
            account = change.Column.Apply(account, change.Value);
        }

        if (changes.Count > 0)
        {
            account = account with { Usage = account.Usage is { } u && changes.Any(c => c.Column.IsUsage) ? u with { AsOf = _today } : account.Usage };
            Add($"account: {string.Join(", ", changes.Select(c => $"{c.Column.Name} = {Show(c.Value)}"))}   (line {changes[0].Line})");
        }

        account = account with { Subscription = LicenseLife(account.Subscription) };
        var problems = ImpossibleAccount.Problems(account, changes, _daily?.Path, _day == 0 ? _accountPath : $"simulate: day {_day} ({_today:yyyy-MM-dd})");
        if (problems.Count > 0)
        {
            return problems;
        }

        _life.Account = account.Account;
        _life.Subscriptions = [account.Subscription];
        _life.Usage = account.Usage;
        var morning = At(_today, 6);
        _life.Expire(_today, morning);
        _life.Sweep(_today, morning);
        return [];
    }

    // What happens to a license without anyone acting: it renews on its renewal date; a tier trial ends after its last day.
    private Subscription LicenseLife(Subscription s)
    {
        if (s.Status == SubscriptionStatus.Active && s.RenewalDate is { } renewal && renewal <= _today)
        {
            var next = SimulatedAccount.Renewed(renewal, s.TermMonths, _today);
            Add($"license renews for {s.TermMonths} month(s): renewal date {renewal:yyyy-MM-dd} -> {next:yyyy-MM-dd}");
            s = s with { RenewalDate = next };
        }

        if (s.Status != SubscriptionStatus.Trial && s.TrialTier is not null && s.TrialEnd is { } end && end < _today)
        {
            Add($"trial of {s.TrialTier} ended on {end:yyyy-MM-dd}");
            s = s with { TrialTier = null, TrialEnd = null };
        }

        return s;
    }

    private void Afternoon()
    {
        var afternoon = At(_today, 14);
        foreach (var answer in _daily?.AnswersOn(_day) ?? [])
        {
            if (answer.Kind == DailyAnswerKind.Outcome)
            {
                Outcome(answer, afternoon);
            }
            else
            {
                Answer(answer, afternoon);
            }
        }
    }

    // The CSM records the outcome on the newest open task that offers it, as they would in the work queue.
    private void Outcome(DailyAnswer answer, DateTimeOffset at)
    {
        var task = _life.Tasks.LastOrDefault(t => t.Status == CrmTaskStatus.Open && t.Task.Outcomes.Contains(answer.Outcome!, StringComparer.Ordinal));
        if (task is null)
        {
            var open = _life.Tasks.Where(t => t.Status == CrmTaskStatus.Open).Select(t => $"{t.Task.Key} ({string.Join(", ", t.Task.Outcomes)})").ToList();
            Add($"event {answer} (line {answer.Line}): no open task offers outcome {answer.Outcome}; " +
                (open.Count == 0 ? "no task is open" : $"open: {string.Join("; ", open)}"));
            return;
        }

        Add($"event {answer} (line {answer.Line}): task {task.Task.Key} completed: {answer.Outcome}");
        Result(_life.Complete(task, answer.Outcome!, at));
    }

    // The customer answers the newest open proposal.
    private void Answer(DailyAnswer answer, DateTimeOffset at)
    {
        var proposal = _life.Proposals.LastOrDefault(p => p.Status == ProposalStatus.Issued);
        if (proposal is null)
        {
            Add($"event {answer} (line {answer.Line}): no proposal is open");
            return;
        }

        var key = proposal.Proposal.Key;
        if (answer.Kind == DailyAnswerKind.Declined)
        {
            Add($"event {answer} (line {answer.Line}): proposal {key} declined");
            Result(_life.Decline(proposal, _today, at, Source, null));
            return;
        }

        Add($"event {answer} (line {answer.Line}): proposal {key} accepted");
        Result(_life.Accept(proposal, _today, at, Source).Result);
    }

    void ISimulationObserver.LicenseTransitioned(SimulatedProposal proposal, LicenseTransitionResult license)
    {
        var renewal = license.Change is { } c && c.Before.RenewalDate != c.After.RenewalDate
            ? $", renewal date {c.Before.RenewalDate:yyyy-MM-dd} -> {c.After.RenewalDate:yyyy-MM-dd}"
            : "";
        var reopened = license.Change is null ? "; the proposal is open again" : "";
        Add($"  license {license.Outcome.ToString().ToLowerInvariant()}: {license.Detail}{renewal}{reopened}");
    }

    private void Result(Sync.EventApplication result)
    {
        // A refusal (a guardrail's or the license check's) is on the timeline already, where it happened.
        if (result.Kind is not (EventResultKind.Applied or EventResultKind.Refused))
        {
            Add($"  ({result})");
        }
    }

    void ISimulationObserver.Started(string playbookId, string start) => Add($"{playbookId}: start in {start}");

    void ISimulationObserver.Suppressed(SuppressedEffect refused)
    {
        _suppressed++;
        Add($"{refused.PlaybookId}: suppressed {refused.From} -> {refused.To}: {refused.Guardrail}   ({refused.Reason})");
    }

    void ISimulationObserver.StageEntered(CrmPlaybookStage stage)
    {
        _transitions++;
        _lastStage = stage;
        Add($"{stage.PlaybookId}: {stage.Reason.From} -> {stage.Reason.To}   because {stage.Reason}");
    }

    void ISimulationObserver.TaskOpened(SimulatedTask task, DateOnly today)
    {
        var t = task.Task;
        Add($"  task {t.Key} \"{t.Subject}\" due {t.Due:yyyy-MM-dd} [{t.OwnerRole}, {t.Priority.ToString().ToLowerInvariant()}] outcomes: {string.Join(", ", t.Outcomes)}");
    }

    void ISimulationObserver.ProposalIssued(SimulatedProposal proposal)
    {
        var p = proposal.Proposal;
        var terms = p.Terms is { } x
            ? $"{x.FromTier} x{x.FromSeats} -> {x.ToTier} x{x.ToSeats}, MRR {x.MrrAfter} {x.Currency}{(x.TrialDays > 0 ? $", {x.TrialDays}-day trial" : "")}"
            : "not priced: no price book or offer could build it, so an acceptance will be refused";
        Add($"  proposal {p.Key} {p.OfferId} valid until {p.ExpiresOn:yyyy-MM-dd} ({terms})");
    }

    void ISimulationObserver.ProposalExpired(SimulatedProposal proposal) =>
        Add($"proposal {proposal.Proposal.Key} expired: its last valid day was {proposal.Proposal.ExpiresOn:yyyy-MM-dd}");

    void ISimulationObserver.TaskSuperseded(SimulatedTask task) => Add($"  task {task.Task.Key} superseded{Moved()}");

    void ISimulationObserver.ProposalWithdrawn(SimulatedProposal proposal) => Add($"  proposal {proposal.Proposal.Key} withdrawn{Moved()}");

    private string Moved() => _lastStage is { } s ? $" ({s.PlaybookId} left {s.Reason.From} for {s.Reason.To})" : "";

    private IEnumerable<string> Summary()
    {
        var states = _life.Instances.Count == 0
            ? "no playbook applies to this account"
            : string.Join(", ", _life.Instances.Select(i => $"{i.PlaybookId} in {i.State}"));
        var tasks = _life.Tasks;
        var proposals = _life.Proposals;
        yield return $"End: {states}; {_transitions} transition(s), {_suppressed} suppressed; " +
            $"{tasks.Count} task(s): {Count(tasks, CrmTaskStatus.Open)} open, {Count(tasks, CrmTaskStatus.Completed)} completed, {Count(tasks, CrmTaskStatus.Superseded)} superseded; " +
            $"{proposals.Count} proposal(s): {string.Join(", ", Enum.GetValues<ProposalStatus>().Select(s => $"{proposals.Count(p => p.Status == s)} {Status(s)}"))}";
        var l = _life.Subscriptions[0];
        yield return $"License: {l.Tier} x{l.Seats} ({l.SeatsUsed} used), {l.BillingPeriod.ToString().ToLowerInvariant()}, MRR {l.Mrr} {l.Currency}, " +
            $"renews {(l.RenewalDate is { } r ? r.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "never")}" +
            (l.TrialTier is null ? "" : $", trial of {l.TrialTier} until {l.TrialEnd:yyyy-MM-dd}");
    }

    private static int Count(IReadOnlyList<SimulatedTask> tasks, CrmTaskStatus status) => tasks.Count(t => t.Status == status);

    private static string Status(ProposalStatus status) => status == ProposalStatus.Issued ? "open" : status.ToString().ToLowerInvariant();

    private static string Show(object? value) => value switch
    {
        null => DailyColumns.None,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private void Add(string text) =>
        _lines.Add($"day {_day.ToString(CultureInfo.InvariantCulture),3}  {_today:yyyy-MM-dd}  {text}");
}
