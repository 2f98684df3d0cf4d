namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>The NRR cohort table: accounts by the month they first paid, their MRR at the end of every month since.</summary>
internal sealed class CohortCounter
{
    private readonly DateOnly _firstMonth;
    private readonly DateOnly _to;
    private readonly int _months;
    private readonly int[] _accounts;
    private readonly decimal[][] _mrr;

    public CohortCounter(DateOnly from, DateOnly to)
    {
        _firstMonth = new DateOnly(from.Year, from.Month, 1);
        _to = to;
        _months = (to.Year - from.Year) * 12 + to.Month - from.Month + 1;
        _accounts = new int[_months];
        _mrr = new decimal[_months][];
        for (var i = 0; i < _months; i++)
        {
            _mrr[i] = new decimal[_months - i];
        }
    }

    public void Add(AccountLedger account)
    {
        if (account.FirstPaid is not { } first)
        {
            return;
        }

        var index = (first.Year - _firstMonth.Year) * 12 + first.Month - _firstMonth.Month;
        if (index < 0 || index >= _months)
        {
            return;
        }

        _accounts[index]++;
        var row = _mrr[index];
        for (var k = 0; k < row.Length; k++)
        {
            var monthEnd = _firstMonth.AddMonths(index + k + 1).AddDays(-1);
            row[k] += account.MrrOn(monthEnd < _to ? monthEnd : _to);
        }
    }

    public List<CohortRow> ToRows()
    {
        var rows = new List<CohortRow>(_months);
        for (var i = 0; i < _months; i++)
        {
            var start = _mrr[i][0];
            rows.Add(new CohortRow(
                ReportWindow.MonthKey(_firstMonth.AddMonths(i)),
                _accounts[i],
                FiguresAccumulator.Money(start),
                [.. _mrr[i].Select(m => FiguresAccumulator.Rate(m, start))]));
        }

        return rows;
    }
}
