namespace CrmSuite.PlaybookEngine.Metrics;

/// <summary>Converts ledger amounts into the report currency at the configured rates.</summary>
internal sealed class CurrencyConverter(MetricsOptions options)
{
    private readonly string _currency = options.Currency;
    private readonly Dictionary<string, decimal> _rates = new(options.Rates, StringComparer.OrdinalIgnoreCase);

    // The last currency looked up and its rate: the store's ledger read hands out one string per currency.
    private string? _last;
    private decimal _lastRate;

    public decimal RateOf(in LedgerEntry entry)
    {
        if (ReferenceEquals(entry.Currency, _last))
        {
            return _lastRate;
        }

        decimal rate;
        if (string.Equals(entry.Currency, _currency, StringComparison.OrdinalIgnoreCase))
        {
            rate = 1m;
        }
        else if (!_rates.TryGetValue(entry.Currency, out rate))
        {
            throw new MetricsException(
                $"no conversion rate from {entry.Currency} to {_currency}: the ledger holds {entry.Currency} on account {entry.AccountId} "
                + $"(subscription {entry.SubscriptionId}, {entry.Day:yyyy-MM-dd})", entry.Currency);
        }

        (_last, _lastRate) = (entry.Currency, rate);
        return rate;
    }
}
