using CrmSuite.PlaybookEngine.Metrics;
using static CrmSuite.PlaybookEngine.Tests.Metrics.Ledger;

namespace CrmSuite.PlaybookEngine.Tests.Metrics;

/// <summary>Worked examples the subscription-analytics vendors publish, with their figures.</summary>
public sealed class VendorExampleTests
{
    // ChartMogul, "MRR movements" (help.chartmogul.com/hc/en-us/articles/201244842): Gold is $500 a year, Silver $30 a
    // month. Four yearly Gold plans billed $2,000 are New Business of $166.67; two monthly Silver plans ($60) added by the
    // same customer are Expansion, not New; cancelling them while Gold runs is Contraction, not Churn; cancelling Gold is
    // Churn at the end of the paid year; three monthly Gold plans ($150) afterwards are a Reactivation.
    [Fact]
    public void Chartmogul_syncalytics_one_customer_s_movements_are_new_expansion_contraction_churn_at_period_end_and_reactivation()
    {
        var ledger = new Ledger()
            .Set("2024-01-01", "syncalytics", MrrNormalization.PerMonth(2000m, 12), "gold-yearly", tier: "professional", seats: 4)
            .Set("2024-01-05", "syncalytics", 60m, "silver-monthly", seats: 2)
            .Set("2024-01-19", "syncalytics", 0m, "silver-monthly", seats: 2)
            .Set("2024-11-20", "syncalytics", 0m, "gold-yearly", tier: "professional", seats: 4, paidThrough: "2024-12-31")
            .Set("2025-02-01", "syncalytics", 150m, "gold-monthly", tier: "professional", seats: 3);
        var options = new MetricsOptions { ChurnAt = ChurnTiming.PeriodEnd };

        var january = ledger.Report("2024-01-01", "2024-01-31", options: options).Total;
        var november = ledger.Report("2024-11-01", "2024-11-30", options: options).Total;
        var year = ledger.Report("2024-12-01", "2025-02-28", by: MetricsGrouping.Month, options: options);

        Assert.Equal((166.67m, 60m, 60m, 0m), (january.NewMrr, january.ExpansionMrr, january.ContractionMrr, january.ChurnedMrr));
        Assert.Equal((1, 0), (january.NewAccounts, january.ChurnedAccounts));
        Assert.Equal((166.67m, 0m), (november.MrrAtEnd, november.ChurnedMrr));
        Assert.Equal(["2024-12", "2025-01", "2025-02"], year.Groups.Select(g => g.Key));
        Assert.Equal(0m, year.Groups[0].Figures.ChurnedMrr);
        Assert.Equal((166.67m, 1), (year.Groups[1].Figures.ChurnedMrr, year.Groups[1].Figures.ChurnedAccounts));
        Assert.Equal((150m, 1, 0m), (year.Groups[2].Figures.ReactivationMrr, year.Groups[2].Figures.ReactivatedAccounts, year.Groups[2].Figures.NewMrr));
    }

    // ChartMogul, "MRR Churn Rate" (help.chartmogul.com/hc/en-us/articles/203359341): $100 MRR at the start of the month;
    // $10 lost to churn, $10 to contraction, one customer expands by $10: gross MRR churn 20%, net MRR churn 10% — that
    // is GRR 80% and NRR 90%.
    [Fact]
    public void Chartmogul_churn_rate_example_gives_grr_80_and_nrr_90()
    {
        var report = new Ledger()
            .Set("2024-12-01", "churns", 10m).Set("2024-12-01", "contracts", 50m).Set("2024-12-01", "expands", 40m)
            .Set("2025-01-10", "churns", 0m).Set("2025-01-12", "contracts", 40m).Set("2025-01-20", "expands", 50m)
            .Report("2025-01-01", "2025-01-31");

        Assert.Equal(100m, report.Total.MrrAtStart);
        Assert.Equal((10m, 10m, 10m), (report.Total.ChurnedMrr, report.Total.ContractionMrr, report.Total.ExpansionMrr));
        Assert.Equal(0.8m, report.Total.Grr);
        Assert.Equal(0.9m, report.Total.Nrr);
    }

    // Stripe, "Billing metric definitions" (docs.stripe.com/billing/subscriptions/analytics/glossary): 100 subscribers on
    // Plan A at $100 a month and 50 on Plan B at $600 a year make MRR of $12,500.
    [Fact]
    public void Stripe_plan_a_and_yearly_plan_b_subscribers_make_12500_mrr()
    {
        var ledger = new Ledger();
        for (var i = 0; i < 100; i++)
        {
            ledger.Set("2025-01-01", $"a{i:000}", MrrNormalization.PerMonth(100m, 1));
        }

        for (var i = 0; i < 50; i++)
        {
            ledger.Set("2025-01-01", $"b{i:000}", MrrNormalization.PerMonth(600m, 12));
        }

        var report = ledger.Report("2025-01-01", "2025-01-31");

        Assert.Equal((12500m, 150), (report.Total.MrrAtEnd, report.Total.AccountsAtEnd));
    }

    // ProfitWell (Paddle), "Discounts and Credits" (paddle.com/help/profitwell-metrics/measure/subscription-metrics/discounts):
    // a $120 annual plan with a 10% discount has MRR of $9 ($108 / 12 months).
    [Fact]
    public void Profitwell_discounted_annual_plan_counts_what_is_paid_per_month()
    {
        var report = new Ledger().Set("2025-03-01", "discounted", MrrNormalization.PerMonth(120m * 0.9m, 12)).Report("2025-03-01", "2025-03-31");

        Assert.Equal(9m, report.Total.NewMrr);
    }

    // Stripe support, "Billing analytics" (support.stripe.com/questions/billing-analytics): an annual subscription for
    // $1,200 counts $100 towards MRR.
    [Fact]
    public void Stripe_annual_1200_subscription_counts_100_mrr() => Assert.Equal(100m, MrrNormalization.PerMonth(1200m, 12));
}
