using CrmSuite.PlaybookEngine.Metrics;

namespace CrmSuite.PlaybookEngine.Tests.Metrics;

/// <summary>A report is in one currency, converted at configured rates (docs/metrics.md, "Currency").</summary>
public sealed class CurrencyTests
{
    [Fact]
    public void Amounts_in_another_currency_are_converted_at_its_rate()
    {
        var options = new MetricsOptions { Currency = "USD", Rates = new Dictionary<string, decimal> { ["EUR"] = 1.08m } };

        var total = new Ledger().Set("2024-12-01", "eu", 100m, currency: "EUR").Set("2024-12-01", "us", 100m)
            .Set("2025-01-10", "eu", 150m, currency: "EUR").Report("2025-01-01", "2025-01-31", options: options).Total;

        Assert.Equal((208m, 262m, 54m), (total.MrrAtStart, total.MrrAtEnd, total.ExpansionMrr));
    }

    [Fact]
    public void A_currency_without_a_rate_stops_the_report_naming_it()
    {
        var ledger = new Ledger().Set("2024-12-01", "jp", 10000m, currency: "JPY");

        var error = Assert.Throws<MetricsException>(() => ledger.Report("2025-01-01", "2025-01-31"));

        Assert.Equal("JPY", error.Currency);
        Assert.Contains("JPY", error.Message, StringComparison.Ordinal);
        Assert.Contains("jp", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1200, 12, 100)]
    [InlineData(36000, 36, 1000)]
    [InlineData(24000, 24, 1000)]
    [InlineData(99, 1, 99)]
    public void A_contract_value_is_spread_over_the_months_it_covers(decimal amount, int months, decimal mrr) =>
        Assert.Equal(mrr, MrrNormalization.PerMonth(amount, months));

    [Fact]
    public void A_multi_year_contract_reports_its_monthly_value()
    {
        var total = new Ledger().Set("2025-01-01", "a", MrrNormalization.PerMonth(36000m, 36)).Set("2025-01-01", "b", MrrNormalization.PerMonth(1000m, 12))
            .Report("2025-01-01", "2025-01-31").Total;

        Assert.Equal(1083.33m, total.NewMrr);
    }
}
