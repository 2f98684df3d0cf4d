namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>Turns what a customer pays per billing interval into MRR (docs/metrics.md, "Normalization to MRR").</summary>
public static class MrrNormalization
{
    /// <summary>
    /// The monthly value of <paramref name="amount"/> paid for <paramref name="months"/> months, after discounts:
    /// 1,200 a year is 100; a 36,000 three-year contract is 1,000. Not rounded: the report rounds at the end.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative or the interval is not at least one month.</exception>
    public static decimal PerMonth(decimal amount, int months)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        ArgumentOutOfRangeException.ThrowIfLessThan(months, 1);
        return amount / months;
    }
}
