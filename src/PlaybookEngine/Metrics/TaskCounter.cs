namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>Counts the tasks opened in the period per CSM, and the completed ones by outcome.</summary>
internal sealed class TaskCounter
{
    private readonly Dictionary<string, Counts> _byCsm = new(StringComparer.Ordinal);

    private sealed class Counts
    {
        public int Opened;
        public int Completed;
        public int Superseded;
        public int Open;
        public readonly Dictionary<string, int> Outcomes = new(StringComparer.Ordinal);
    }

    public void Add(TaskRecord task)
    {
        var csm = task.OwnerId ?? ReportScope.NoneKey;
        if (!_byCsm.TryGetValue(csm, out var c))
        {
            _byCsm[csm] = c = new Counts();
        }

        c.Opened++;
        switch (task.Progress)
        {
            case TaskProgress.Completed:
                c.Completed++;
                var outcome = task.Outcome ?? ReportScope.NoneKey;
                c.Outcomes[outcome] = c.Outcomes.GetValueOrDefault(outcome) + 1;
                break;
            case TaskProgress.Superseded:
                c.Superseded++;
                break;
            default:
                c.Open++;
                break;
        }
    }

    public List<CsmTaskOutcomes> ToRows() =>
    [
        .. _byCsm.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new CsmTaskOutcomes(
            p.Key,
            p.Value.Opened,
            p.Value.Completed,
            p.Value.Superseded,
            p.Value.Open,
            FiguresAccumulator.Rate(p.Value.Completed, p.Value.Completed + p.Value.Superseded),
            [.. p.Value.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => new OutcomeCount(o.Key, o.Value))])),
    ];
}
