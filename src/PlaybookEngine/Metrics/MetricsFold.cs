namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>
/// A report half done: the ledger and the activity read. <see cref="Upgrades"/> names the upgrades whose accounts'
/// usage history <see cref="Report"/> needs for adoption.
/// </summary>
public sealed class MetricsFold
{
    private readonly MetricsRequest _request;
    private readonly MetricsActivity _activity;
    private readonly ReportScope _scope;
    private readonly CurrencyConverter _currency;
    private readonly FiguresAccumulator _total;
    private readonly List<FiguresAccumulator> _windows = [];
    private readonly Dictionary<string, FiguresAccumulator> _attributeGroups = new(StringComparer.Ordinal);
    private readonly FunnelCounter _funnels;
    private readonly TaskCounter _tasks = new();
    private readonly CohortCounter _cohorts;
    private readonly Dictionary<string, ProposalRecord> _proposals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(DateOnly Day, int TierRank)>> _trialAccounts = new(StringComparer.Ordinal);
    private readonly List<UpgradeMoment> _upgrades = [];
    private readonly List<string> _keys = [];
    private readonly AccountWindow[] _measured;

    internal MetricsFold(MetricsRequest request, MetricsActivity activity)
    {
        _request = request;
        _activity = activity;
        _scope = new ReportScope(request, activity.Accounts);
        _currency = new CurrencyConverter(request.Options);
        _total = new FiguresAccumulator("total", request.From, request.To);
        _windows.AddRange(ReportWindow.Split(request.From, request.To, request.By).Select(w => new FiguresAccumulator(w.Key, w.From, w.To)));
        _measured = new AccountWindow[_windows.Count];
        _funnels = new FunnelCounter(request.From, request.To);
        _cohorts = new CohortCounter(request.From, request.To);
        ReadTransitions(activity.Transitions);
        foreach (var p in activity.Proposals)
        {
            _proposals[p.Key] = p;
            if (p.TrialTier is not null && p.Outcome == ProposalOutcome.Accepted)
            {
                _trialAccounts.TryAdd(p.AccountId, []);
            }
        }
    }

    /// <summary>The upgrades (a subscription to a higher tier or more seats) in the period, of the accounts the report covers.</summary>
    public IReadOnlyList<UpgradeMoment> Upgrades => _upgrades;

    /// <summary>
    /// Finishes the report. <paramref name="usage"/> holds the usage readings of (at least) the upgraded accounts; null
    /// when the CRM keeps no usage history, which the report then says instead of showing adoption figures.
    /// </summary>
    public MetricsReport Report(IEnumerable<UsageReading>? usage)
    {
        CountProposals();
        var options = _request.Options;
        var groups = _request.By switch
        {
            MetricsGrouping.None => [],
            MetricsGrouping.Month or MetricsGrouping.Quarter => _windows,
            _ => _attributeGroups.Values.OrderBy(g => g.Key, StringComparer.Ordinal).ToList(),
        };
        return new MetricsReport(
            _request.From,
            _request.To,
            options.Currency,
            _request.By,
            new MetricsConventions(options.ChurnAt, options.ReactivationWindowDays, options.TrialGraceDays,
                new SortedDictionary<string, decimal>(options.Rates.ToDictionary(), StringComparer.Ordinal)),
            _total.ToFigures(),
            [.. groups.Select(g => new MetricsGroup(g.Key, g.From, g.To, g.ToFigures()))],
            _cohorts.ToRows(),
            _funnels.ToFunnels(),
            _tasks.ToRows(),
            AdoptionCalculator.Compute(_upgrades, usage));
    }

    private void ReadTransitions(IEnumerable<TransitionRecord> transitions)
    {
        var filter = _scope.PlaybookFilter;
        foreach (var t in transitions)
        {
            if (t.Day > _request.To)
            {
                continue;
            }

            if (_scope.TracksPlaybooks)
            {
                _scope.InPlaybook(t.AccountId, t.PlaybookId);
            }

            if ((filter is null || t.PlaybookId == filter) && _scope.ProfileMatches(t.AccountId))
            {
                _funnels.Add(t);
            }
        }
    }

    internal void ReadLedger(IEnumerable<LedgerEntry> ledger)
    {
        var account = new AccountLedger();
        var done = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var included = false;
        foreach (var entry in ledger)
        {
            if (!string.Equals(entry.AccountId, current, StringComparison.Ordinal))
            {
                if (current is not null && included)
                {
                    Close(account);
                }

                if (current is not null)
                {
                    done.Add(current);
                }

                if (done.Contains(entry.AccountId))
                {
                    throw new MetricsException($"the ledger is not grouped by account: account {entry.AccountId} appears again after other accounts");
                }

                current = entry.AccountId;
                included = _scope.Includes(current);
                account.Start(current);
            }

            if (!included)
            {
                continue;
            }

            var rate = _currency.RateOf(entry);
            account.Add(entry, entry.MrrBefore * rate, entry.MrrAfter * rate);
        }

        if (current is not null && included)
        {
            Close(account);
        }
    }

    private void Close(AccountLedger account)
    {
        account.Close(_request.Options);
        var id = account.AccountId;
        _total.Add(account.Measure(_request.From, _request.To));
        account.MeasureEach(_windows, _measured);
        for (var i = 0; i < _windows.Count; i++)
        {
            _windows[i].Add(_measured[i]);
        }

        if (_attributeGroups is not null && _windows.Count == 0 && _request.By != MetricsGrouping.None)
        {
            var w = account.Measure(_request.From, _request.To);
            _scope.GroupKeys(id, _keys);
            foreach (var key in _keys)
            {
                Group(key).Add(w);
            }
        }

        _cohorts.Add(account);
        foreach (var m in account.Movements)
        {
            if (m.Upgrade && m.Day >= _request.From && m.Day <= _request.To)
            {
                _upgrades.Add(new UpgradeMoment(id, m.Day));
            }
        }

        _trialAccounts.TryGetValue(id, out var reached);
        foreach (var c in account.Changes)
        {
            if (reached is not null && c.TierRankAfter >= 0)
            {
                reached.Add((c.Day, c.TierRankAfter));
            }

            if (c.ProposalKey is not null && _proposals.TryGetValue(c.ProposalKey, out var proposal)
                && c.Day >= _request.From && c.Day <= _request.To && (_scope.PlaybookFilter is null || proposal.PlaybookId == _scope.PlaybookFilter))
            {
                var days = c.Day.DayNumber - proposal.IssuedOn.DayNumber;
                ForEachTarget(id, proposal.PlaybookId, c.Day, g => g.AddProposalDays(days));
            }
        }
    }

    private void CountProposals()
    {
        var grace = _request.Options.TrialGraceDays;
        foreach (var p in _proposals.Values)
        {
            if (!_scope.Includes(p.AccountId) || (_scope.PlaybookFilter is { } only && p.PlaybookId != only) || p.AnsweredOn is not { } answered)
            {
                continue;
            }

            if (p.Outcome is ProposalOutcome.Accepted or ProposalOutcome.Declined or ProposalOutcome.Expired && InPeriod(answered))
            {
                _funnels.AddOutcome(p.PlaybookId, p.Outcome);
                var accepted = p.Outcome == ProposalOutcome.Accepted;
                ForEachTarget(p.AccountId, p.PlaybookId, answered, g =>
                {
                    g.ProposalsAnswered++;
                    g.ProposalsAccepted += accepted ? 1 : 0;
                });
            }

            if (p.TrialTier is not null && p.Outcome == ProposalOutcome.Accepted)
            {
                var ends = answered.AddDays(p.TrialDays);
                if (!InPeriod(ends))
                {
                    continue;
                }

                var rank = AccountLedger.TierRank(p.TrialTier);
                var converted = _trialAccounts.TryGetValue(p.AccountId, out var reached)
                    && reached.Exists(r => r.TierRank >= rank && r.Day >= answered && r.Day <= ends.AddDays(grace));
                ForEachTarget(p.AccountId, p.PlaybookId, ends, g =>
                {
                    g.TrialsEnded++;
                    g.TrialsConverted += converted ? 1 : 0;
                });
            }
        }
    }

    internal void ReadTasks(IEnumerable<TaskRecord> tasks)
    {
        foreach (var t in tasks)
        {
            if (InPeriod(t.CreatedOn) && (_scope.PlaybookFilter is null || t.PlaybookId == _scope.PlaybookFilter) && _scope.ProfileMatches(t.AccountId))
            {
                _tasks.Add(t);
            }
        }
    }

    private bool InPeriod(DateOnly day) => day >= _request.From && day <= _request.To;

    /// <summary>The total and the group a proposal-based figure of this account on this day counts in.</summary>
    private void ForEachTarget(string accountId, string playbookId, DateOnly day, Action<FiguresAccumulator> add)
    {
        if (!InPeriod(day))
        {
            return;
        }

        add(_total);
        foreach (var w in _windows)
        {
            if (day >= w.From && day <= w.To)
            {
                add(w);
            }
        }

        if (_windows.Count > 0 || _request.By == MetricsGrouping.None)
        {
            return;
        }

        if (_request.By == MetricsGrouping.Playbook)
        {
            add(Group(playbookId));
            return;
        }

        _scope.GroupKeys(accountId, _keys);
        foreach (var key in _keys)
        {
            add(Group(key));
        }
    }

    private FiguresAccumulator Group(string key)
    {
        if (!_attributeGroups.TryGetValue(key, out var group))
        {
            _attributeGroups[key] = group = new FiguresAccumulator(key, _request.From, _request.To);
        }

        return group;
    }
}
