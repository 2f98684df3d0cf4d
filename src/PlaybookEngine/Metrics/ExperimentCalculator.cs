using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>
/// Compares each experiment's treated and held-out accounts over a period, without I/O: upgrade rate, churn rate, NRR and
/// GRR per group (defined as in the metrics report, over the accounts paying at the start), their differences with
/// confidence intervals (<see cref="UpliftStatistics"/>), and a verdict in plain words.
/// </summary>
public static class ExperimentCalculator
{
    /// <summary>Folds the ledger (grouped by account, as the state store reads it) over the experiments' members.</summary>
    /// <exception cref="ArgumentException">The period ends before it starts.</exception>
    /// <exception cref="MetricsException">A currency without a rate, or a ledger not grouped by account.</exception>
    public static ExperimentReport Compute(ExperimentRequest request, IEnumerable<ExperimentMember> members, IEnumerable<LedgerEntry> ledger) =>
        Compute(request, members, ledger, []);

    /// <summary>
    /// As <see cref="Compute(ExperimentRequest, IEnumerable{ExperimentMember}, IEnumerable{LedgerEntry})"/>, with each message
    /// variant's upgrade rate and its difference from <c>control</c> in the same variant set.
    /// </summary>
    /// <exception cref="ArgumentException">The period ends before it starts.</exception>
    /// <exception cref="MetricsException">A currency without a rate, or a ledger not grouped by account.</exception>
    public static ExperimentReport Compute(
        ExperimentRequest request, IEnumerable<ExperimentMember> members, IEnumerable<LedgerEntry> ledger, IEnumerable<VariantMember> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(ledger);
        if (request.To < request.From)
        {
            throw new ArgumentException($"The period ends ({request.To:yyyy-MM-dd}) before it starts ({request.From:yyyy-MM-dd}).", nameof(request));
        }

        var groups = new SortedDictionary<(string Playbook, string Experiment), (GroupAccumulator Treated, GroupAccumulator HeldOut)>();
        var byAccount = new Dictionary<string, List<GroupAccumulator>>(StringComparer.Ordinal);
        foreach (var m in members)
        {
            if (!groups.TryGetValue((m.PlaybookId, m.Experiment), out var pair))
            {
                groups[(m.PlaybookId, m.Experiment)] = pair = (new GroupAccumulator(), new GroupAccumulator());
            }

            var group = m.HeldOut ? pair.HeldOut : pair.Treated;
            group.Accounts++;
            if (!byAccount.TryGetValue(m.AccountId, out var list))
            {
                byAccount[m.AccountId] = list = [];
            }

            list.Add(group);
        }

        var sets = new SortedDictionary<(string Playbook, string Experiment), SortedDictionary<string, SortedDictionary<string, GroupAccumulator>>>();
        foreach (var v in variants)
        {
            if (!groups.ContainsKey((v.PlaybookId, v.Experiment)))
            {
                groups[(v.PlaybookId, v.Experiment)] = (new GroupAccumulator(), new GroupAccumulator());
            }

            if (!sets.TryGetValue((v.PlaybookId, v.Experiment), out var bySet))
            {
                sets[(v.PlaybookId, v.Experiment)] = bySet = new SortedDictionary<string, SortedDictionary<string, GroupAccumulator>>(StringComparer.Ordinal);
            }

            if (!bySet.TryGetValue(v.VariantSet, out var byVariant))
            {
                bySet[v.VariantSet] = byVariant = new SortedDictionary<string, GroupAccumulator>(ControlFirst.Instance);
            }

            if (!byVariant.TryGetValue(v.Variant, out var group))
            {
                byVariant[v.Variant] = group = new GroupAccumulator();
            }

            group.Accounts++;
            if (!byAccount.TryGetValue(v.AccountId, out var list))
            {
                byAccount[v.AccountId] = list = [];
            }

            list.Add(group);
        }

        Fold(request, ledger, byAccount);
        return new ExperimentReport(request.From, request.To, request.Options.Currency, request.Confidence, request.MinAccountsPerGroup,
            [.. groups.Select(g => Result(request, g.Key.Playbook, g.Key.Experiment, g.Value.Treated, g.Value.HeldOut) with
            {
                VariantSets = sets.TryGetValue(g.Key, out var bySet) ? [.. bySet.Select(s => VariantSet(request, s.Key, s.Value))] : [],
            })]);
    }

    private static VariantSetResult VariantSet(ExperimentRequest request, string set, SortedDictionary<string, GroupAccumulator> variants)
    {
        var control = variants.GetValueOrDefault(Playbooks.MessageVariantDefinition.Control);
        var min = request.MinAccountsPerGroup;
        var results = ImmutableArray.CreateBuilder<VariantResult>(variants.Count);
        foreach (var (name, group) in variants)
        {
            var f = group.ToFigures();
            string verdict;
            ExperimentUplift? vsControl = null;
            if (name == Playbooks.MessageVariantDefinition.Control)
            {
                verdict = "the message as written, which the other variants are compared with";
            }
            else if (control is null || control.Cohort.Count < min || group.Cohort.Count < min)
            {
                verdict = $"not enough accounts yet: {group.Cohort.Count} with `{name}`, {control?.Cohort.Count ?? 0} with `control` paying at the start of the period, "
                    + $"need at least {min} in each";
            }
            else
            {
                var u = UpliftStatistics.RateDifference(group.Upgraded, group.Cohort.Count, control.Upgraded, control.Cohort.Count, request.Confidence);
                verdict = ExperimentVerdicts.Describe(u, request.Confidence, "upgraded", "more often than with `control`", "less often than with `control`",
                    "upgrade rate against `control`", $"accounts given `{name}`");
                vsControl = Uplift("upgrade_rate", u, "newcombe-wilson", verdict);
            }

            results.Add(new VariantResult(name, f.Accounts, f.AccountsAtStart, f.UpgradedAccounts, f.UpgradeRate, vsControl, verdict));
        }

        return new VariantSetResult(set, results.MoveToImmutable());
    }

    /// <summary>Orders variant names with <c>control</c> first, then ordinally.</summary>
    private sealed class ControlFirst : IComparer<string>
    {
        public static ControlFirst Instance { get; } = new();

        public int Compare(string? x, string? y)
        {
            var cx = x == Playbooks.MessageVariantDefinition.Control;
            var cy = y == Playbooks.MessageVariantDefinition.Control;
            return cx == cy ? string.CompareOrdinal(x, y) : cx ? -1 : 1;
        }
    }

    private static void Fold(ExperimentRequest request, IEnumerable<LedgerEntry> ledger, Dictionary<string, List<GroupAccumulator>> byAccount)
    {
        var currency = new CurrencyConverter(request.Options);
        var account = new AccountLedger();
        var done = new HashSet<string>(StringComparer.Ordinal);
        List<GroupAccumulator>? current = null;
        string? currentId = null;
        foreach (var entry in ledger)
        {
            if (!string.Equals(entry.AccountId, currentId, StringComparison.Ordinal))
            {
                Close(request, account, current);
                if (currentId is not null)
                {
                    done.Add(currentId);
                }

                if (done.Contains(entry.AccountId))
                {
                    throw new MetricsException($"the ledger is not grouped by account: account {entry.AccountId} appears again after other accounts");
                }

                currentId = entry.AccountId;
                current = byAccount.GetValueOrDefault(currentId);
                account.Start(currentId);
            }

            if (current is not null)
            {
                var rate = currency.RateOf(entry);
                account.Add(entry, entry.MrrBefore * rate, entry.MrrAfter * rate);
            }
        }

        Close(request, account, current);
    }

    private static void Close(ExperimentRequest request, AccountLedger account, List<GroupAccumulator>? groups)
    {
        if (groups is null)
        {
            return;
        }

        account.Close(request.Options);
        var w = account.Measure(request.From, request.To);
        foreach (var group in groups)
        {
            group.Add(w);
        }
    }

    private static ExperimentResult Result(ExperimentRequest request, string playbookId, string experiment, GroupAccumulator treated, GroupAccumulator heldOut)
    {
        var min = request.MinAccountsPerGroup;
        if (treated.Cohort.Count < min || heldOut.Cohort.Count < min)
        {
            var verdict = $"not enough accounts yet: {treated.Cohort.Count} treated, {heldOut.Cohort.Count} held out paying at the start of the period, "
                + $"need at least {min} in each group";
            return new ExperimentResult(playbookId, experiment, treated.ToFigures(), heldOut.ToFigures(), false, verdict, []);
        }

        var c = request.Confidence;
        var upgrade = UpliftStatistics.RateDifference(treated.Upgraded, treated.Cohort.Count, heldOut.Upgraded, heldOut.Cohort.Count, c);
        var churn = UpliftStatistics.RateDifference(treated.Churned, treated.Cohort.Count, heldOut.Churned, heldOut.Cohort.Count, c);
        var nrr = UpliftStatistics.RatioDifference(treated.Nrr, heldOut.Nrr, c);
        var grr = UpliftStatistics.RatioDifference(treated.Grr, heldOut.Grr, c);
        ImmutableArray<ExperimentUplift> uplifts =
        [
            Uplift("upgrade_rate", upgrade, "newcombe-wilson", ExperimentVerdicts.Describe(upgrade, c, "upgraded", "more often", "less often", "upgrade rate")),
            Uplift("churn_rate", churn, "newcombe-wilson", ExperimentVerdicts.Describe(churn, c, "churned", "more often", "less often", "churn rate")),
            Uplift("nrr", nrr, "bootstrap-percentile", ExperimentVerdicts.Describe(nrr, c, "had NRR", "higher", "lower", "NRR")),
            Uplift("grr", grr, "bootstrap-percentile", ExperimentVerdicts.Describe(grr, c, "had GRR", "higher", "lower", "GRR")),
        ];
        return new ExperimentResult(playbookId, experiment, treated.ToFigures(), heldOut.ToFigures(), true, uplifts[0].Verdict, uplifts);
    }

    private static ExperimentUplift Uplift(string metric, Uplift u, string method, string verdict) =>
        new(metric, Math.Round(u.Difference, 4), Math.Round(u.Lower, 4), Math.Round(u.Upper, 4), u.IsMeasurable, method, verdict);

    /// <summary>One group's cohort accounts and counters.</summary>
    private sealed class GroupAccumulator
    {
        public int Accounts;
        public int Upgraded;
        public int Churned;
        public decimal MrrAtStart;
        public decimal MrrAtEnd;
        public decimal Retained;

        public List<(double Start, double End)> Cohort { get; } = [];

        public List<(double Start, double End)> Nrr => Cohort;

        public List<(double Start, double End)> Grr { get; } = [];

        public void Add(AccountWindow w)
        {
            if (w.MrrAtStart <= 0)
            {
                return;
            }

            Cohort.Add(((double)w.MrrAtStart, (double)w.MrrAtEnd));
            Grr.Add(((double)w.MrrAtStart, (double)Math.Min(w.MrrAtEnd, w.MrrAtStart)));
            Upgraded += w.Upgraded ? 1 : 0;
            Churned += w.MrrAtEnd <= 0 ? 1 : 0;
            MrrAtStart += w.MrrAtStart;
            MrrAtEnd += w.MrrAtEnd;
            Retained += Math.Min(w.MrrAtEnd, w.MrrAtStart);
        }

        public ExperimentGroupFigures ToFigures()
        {
            var n = Cohort.Count;
            return new ExperimentGroupFigures(Accounts, n, Upgraded, Rate(Upgraded, n), Churned, Rate(Churned, n), Math.Round(MrrAtStart, 2),
                Math.Round(MrrAtEnd, 2), MrrAtStart == 0 ? null : (double)Math.Round(MrrAtEnd / MrrAtStart, 4),
                MrrAtStart == 0 ? null : (double)Math.Round(Retained / MrrAtStart, 4));
        }

        private static double? Rate(int count, int n) => n == 0 ? null : Math.Round((double)count / n, 4);
    }
}
