namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>Which accounts a report covers and which groups each belongs to.</summary>
internal sealed class ReportScope
{
    public const string NoneKey = "(none)";
    public const string UnknownKey = "(unknown)";

    private readonly Dictionary<string, AccountProfile> _profiles;
    private readonly Dictionary<string, HashSet<string>> _playbooks = new(StringComparer.Ordinal);
    private readonly MetricsFilter _filter;
    private readonly MetricsGrouping _by;

    public ReportScope(MetricsRequest request, IReadOnlyList<AccountProfile> accounts)
    {
        _filter = request.Filter ?? MetricsFilter.None;
        _by = request.By;
        _profiles = new Dictionary<string, AccountProfile>(accounts.Count, StringComparer.Ordinal);
        foreach (var a in accounts)
        {
            _profiles[a.AccountId] = a;
        }
    }

    /// <summary>Playbook membership is kept only when the report groups or filters by playbook.</summary>
    public bool TracksPlaybooks => _by == MetricsGrouping.Playbook || _filter.PlaybookId is not null;

    public void InPlaybook(string accountId, string playbookId)
    {
        if (!_playbooks.TryGetValue(accountId, out var set))
        {
            _playbooks[accountId] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(playbookId);
    }

    /// <summary>The account passes the segment, industry and CSM filters (an account the CRM does not know passes only when none is set).</summary>
    public bool ProfileMatches(string accountId)
    {
        if (_filter.Segment is null && _filter.Industry is null && _filter.CsmId is null)
        {
            return true;
        }

        return _profiles.TryGetValue(accountId, out var p)
            && (_filter.Segment is null || p.Segment == _filter.Segment)
            && (_filter.Industry is null || p.Industry == _filter.Industry)
            && (_filter.CsmId is null || p.CsmId == _filter.CsmId);
    }

    public bool Includes(string accountId) =>
        ProfileMatches(accountId)
        && (_filter.PlaybookId is null || (_playbooks.TryGetValue(accountId, out var set) && set.Contains(_filter.PlaybookId)));

    /// <summary>Only this playbook's funnel, tasks and proposals count; null for all.</summary>
    public string? PlaybookFilter => _filter.PlaybookId;

    /// <summary>The attribute groups the account belongs to (segment, industry, CSM, playbooks), into <paramref name="keys"/>.</summary>
    public void GroupKeys(string accountId, List<string> keys)
    {
        keys.Clear();
        _profiles.TryGetValue(accountId, out var p);
        switch (_by)
        {
            case MetricsGrouping.Segment:
                keys.Add(p?.Segment ?? UnknownKey);
                break;
            case MetricsGrouping.Industry:
                keys.Add(p?.Industry ?? UnknownKey);
                break;
            case MetricsGrouping.Csm:
                keys.Add(p?.CsmId ?? NoneKey);
                break;
            case MetricsGrouping.Playbook:
                if (_playbooks.TryGetValue(accountId, out var set) && set.Count > 0)
                {
                    keys.AddRange(set);
                }
                else
                {
                    keys.Add(NoneKey);
                }

                break;
            default:
                break;
        }
    }
}
