namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>Converts ledger amounts into the report currency at the configured rates.</summary>
internal sealed class CurrencyConverter(MetricsOptions options)
{
    private readonly string _currency = options.Currency;
    private readonly Dictionary<string, decimal> _rates = new(options.Rates, StringComparer.OrdinalIgnoreCase);

    public decimal RateOf(in LedgerEntry entry)
    {
        if (string.Equals(entry.Currency, _currency, StringComparison.OrdinalIgnoreCase))
        {
            return 1m;
        }

        return _rates.TryGetValue(entry.Currency, out var rate)
            ? rate
            : throw new MetricsException(
                $"no conversion rate from {entry.Currency} to {_currency}: the ledger holds {entry.Currency} on account {entry.AccountId} "
                + $"(subscription {entry.SubscriptionId}, {entry.Day:yyyy-MM-dd})", entry.Currency);
    }
}
