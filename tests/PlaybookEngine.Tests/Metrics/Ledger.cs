using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.PlaybookEngine.Tests.Metrics;

/// <summary>Small hand-written ledgers: one line per subscription change, and a report over them.</summary>
internal sealed class Ledger
{
    private readonly List<LedgerEntry> _entries = [];
    private readonly Dictionary<string, (decimal Mrr, string Tier, int Seats)> _now = [];

    public static DateOnly D(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The subscription's MRR becomes <paramref name="mrr"/> on <paramref name="day"/> (0: it stops paying).</summary>
    public Ledger Set(string day, string account, decimal mrr, string? subscription = null, string tier = "starter", int seats = 10,
        string currency = "USD", string? proposal = null, string? paidThrough = null)
    {
        var id = subscription ?? account + "-s1";
        var known = _now.TryGetValue(id, out var before);
        _entries.Add(new LedgerEntry(D(day), account, id, known ? before.Mrr : 0m, mrr, currency, known ? before.Tier : null, tier,
            known ? before.Seats : 0, seats, proposal, paidThrough is null ? null : D(paidThrough)));
        _now[id] = (mrr, tier, seats);
        return this;
    }

    /// <summary>The entries grouped by account, as the state store reads them.</summary>
    public IEnumerable<LedgerEntry> Entries => _entries.OrderBy(e => e.AccountId, StringComparer.Ordinal);

    public MetricsReport Report(string from, string to, MetricsGrouping by = MetricsGrouping.None, MetricsOptions? options = null,
        MetricsActivity? activity = null, IEnumerable<UsageReading>? usage = null, MetricsFilter? filter = null) =>
        MetricsCalculator.Compute(new MetricsRequest(D(from), D(to), by, options ?? new MetricsOptions(), filter), activity ?? MetricsActivity.None, Entries, usage);
}
