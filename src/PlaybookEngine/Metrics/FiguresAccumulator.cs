namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>What one account contributes to one window's figures.</summary>
internal struct AccountWindow
{
    public decimal MrrAtStart;
    public decimal MrrAtEnd;
    public decimal New;
    public decimal Expansion;
    public decimal Contraction;
    public decimal Churn;
    public decimal Reactivation;
    public bool WasNew;
    public bool Churned;
    public bool Reactivated;
    public bool Upgraded;
}

/// <summary>Sums the accounts' contributions to one group's figures in one window.</summary>
internal sealed class FiguresAccumulator(string key, DateOnly from, DateOnly to)
{
    private int _accountsAtStart;
    private int _accountsAtEnd;
    private int _newAccounts;
    private int _churnedAccounts;
    private int _reactivatedAccounts;
    private int _logoRetained;
    private int _upgraded;
    private decimal _mrrAtStart;
    private decimal _mrrAtEnd;
    private decimal _new;
    private decimal _expansion;
    private decimal _contraction;
    private decimal _churn;
    private decimal _reactivation;
    private decimal _cohortAtEnd;
    private decimal _grossRetained;
    private readonly List<int> _proposalDays = [];

    public string Key { get; } = key;

    public DateOnly From { get; } = from;

    public DateOnly To { get; } = to;

    public int ProposalsAnswered { get; set; }

    public int ProposalsAccepted { get; set; }

    public int TrialsEnded { get; set; }

    public int TrialsConverted { get; set; }

    public void AddProposalDays(int days) => _proposalDays.Add(days);

    public void Add(in AccountWindow w)
    {
        var cohort = w.MrrAtStart > 0;
        if (cohort)
        {
            _accountsAtStart++;
            _mrrAtStart += w.MrrAtStart;
            _cohortAtEnd += w.MrrAtEnd;
            _grossRetained += Math.Min(w.MrrAtEnd, w.MrrAtStart);
            _logoRetained += w.MrrAtEnd > 0 ? 1 : 0;
            _upgraded += w.Upgraded ? 1 : 0;
        }

        if (w.MrrAtEnd > 0)
        {
            _accountsAtEnd++;
            _mrrAtEnd += w.MrrAtEnd;
        }

        _new += w.New;
        _expansion += w.Expansion;
        _contraction += w.Contraction;
        _churn += w.Churn;
        _reactivation += w.Reactivation;
        _newAccounts += w.WasNew ? 1 : 0;
        _churnedAccounts += w.Churned ? 1 : 0;
        _reactivatedAccounts += w.Reactivated ? 1 : 0;
    }

    public MetricsFigures ToFigures() => new(
        _accountsAtStart,
        _accountsAtEnd,
        Money(_mrrAtStart),
        Money(_mrrAtEnd),
        Money(_new),
        Money(_expansion),
        Money(_contraction),
        Money(_churn),
        Money(_reactivation),
        Money(_new + _expansion + _reactivation - _contraction - _churn),
        _newAccounts,
        _churnedAccounts,
        _reactivatedAccounts,
        Money(_cohortAtEnd),
        Rate(_cohortAtEnd, _mrrAtStart),
        Rate(Math.Min(_grossRetained, _mrrAtStart), _mrrAtStart),
        Rate(_logoRetained, _accountsAtStart),
        _upgraded,
        Rate(_upgraded, _accountsAtStart),
        ProposalsAnswered,
        ProposalsAccepted,
        Rate(ProposalsAccepted, ProposalsAnswered),
        TrialsEnded,
        TrialsConverted,
        Rate(TrialsConverted, TrialsEnded),
        _proposalDays.Count,
        Median(_proposalDays));

    public static decimal Money(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    public static decimal? Rate(decimal part, decimal whole) => whole == 0 ? null : Math.Round(part / whole, 4, MidpointRounding.AwayFromZero);

    private static decimal? Median(List<int> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2m;
    }
}
