namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>Counts each playbook's funnel: accounts entering it, accounts entering each state, proposal outcomes.</summary>
internal sealed class FunnelCounter(DateOnly from, DateOnly to)
{
    private readonly Dictionary<(string Account, string Playbook), DateOnly> _firstDay = [];
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _outcomes = new(StringComparer.Ordinal);

    public void Add(TransitionRecord t)
    {
        var key = (t.AccountId, t.PlaybookId);
        if (!_firstDay.TryGetValue(key, out var first) || t.Day < first)
        {
            _firstDay[key] = t.Day;
        }

        if (t.Day < from || t.Day > to)
        {
            return;
        }

        if (!_states.TryGetValue(t.PlaybookId, out var states))
        {
            _states[t.PlaybookId] = states = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        }

        if (!states.TryGetValue(t.ToState, out var accounts))
        {
            states[t.ToState] = accounts = new HashSet<string>(StringComparer.Ordinal);
        }

        accounts.Add(t.AccountId);
    }

    public void AddOutcome(string playbookId, ProposalOutcome outcome)
    {
        if (!_outcomes.TryGetValue(playbookId, out var counts))
        {
            _outcomes[playbookId] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        var name = OutcomeName(outcome);
        counts[name] = counts.GetValueOrDefault(name) + 1;
    }

    public static string OutcomeName(ProposalOutcome outcome) => outcome switch
    {
        ProposalOutcome.Accepted => "accepted",
        ProposalOutcome.Declined => "declined",
        ProposalOutcome.Expired => "expired",
        ProposalOutcome.Withdrawn => "withdrawn",
        _ => "open",
    };

    public List<PlaybookFunnel> ToFunnels()
    {
        var entered = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var ((_, playbook), day) in _firstDay)
        {
            if (day >= from && day <= to)
            {
                entered[playbook] = entered.GetValueOrDefault(playbook) + 1;
            }
        }

        var playbooks = new SortedSet<string>(_states.Keys, StringComparer.Ordinal);
        playbooks.UnionWith(_outcomes.Keys);
        return [.. playbooks.Select(p => new PlaybookFunnel(
            p,
            entered.GetValueOrDefault(p),
            _states.TryGetValue(p, out var states)
                ? [.. states.Select(s => new FunnelStep(s.Key, s.Value.Count)).OrderByDescending(s => s.Accounts).ThenBy(s => s.State, StringComparer.Ordinal)]
                : [],
            _outcomes.TryGetValue(p, out var outcomes)
                ? [.. outcomes.Select(o => new OutcomeCount(o.Key, o.Value)).OrderBy(o => o.Outcome, StringComparer.Ordinal)]
                : []))];
    }
}
