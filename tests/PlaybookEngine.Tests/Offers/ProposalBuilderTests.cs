using System.Text.Json;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.PlaybookEngine.Tests.Offers;

public sealed class ProposalBuilderTests
{
    private readonly ProposalBuilder _builder = new(OfferTestData.Catalog());

    private ProposalResult Build(string? offerId, Subscription? subscription = null, UsageSnapshot? usage = null, Account? account = null)
    {
        account ??= OfferTestData.Account(hourlyCost: 50m);
        subscription ??= OfferTestData.Subscription(seats: 10, seatsUsed: 10, start: new DateOnly(2025, 3, 10));
        usage ??= OfferTestData.Usage(active: 12, adoption: 0.9m, minUtilization: 0.95m);
        return _builder.Build(account, subscription, usage, OfferTestData.Signals(account, subscription, usage), offerId, OfferTestData.Today);
    }

    [Fact]
    public void Next_tier_proposal_carries_price_path_proration_roi_and_validity()
    {
        var p = Build("next-tier").Proposal!;

        Assert.Equal(("starter", 10, "professional", 14), (p.FromTier, p.FromSeats, p.ToTier, p.ToSeats));
        Assert.Equal(4, p.PricePath.Options.Length);
        Assert.NotNull(p.Proration);
        Assert.NotNull(p.Roi);
        Assert.Equal(OfferTestData.Today.AddDays(30), p.ValidUntil);
    }

    [Fact]
    public void Proration_uses_the_current_billing_period_of_the_subscription()
    {
        // Monthly from 2025-03-10: period 2026-11-10 .. 2026-12-10 (30 days); on 11-24, 16 days remain.
        // Credit 150.00 × 16/30 = 80.00; charge 14 × 45.00 = 630.00 × 16/30 = 336.00.
        var p = Build("next-tier").Proposal!;

        Assert.Equal(16, p.Proration!.DaysRemaining);
        Assert.Equal(80.00m, p.Proration.Credit.Amount);
        Assert.Equal(336.00m, p.Proration.Charge.Amount);
    }

    [Fact]
    public void Renewal_upgrade_sits_beside_the_plain_renewal_at_the_same_terms()
    {
        var subscription = OfferTestData.Subscription(seats: 10, seatsUsed: 10, renewal: OfferTestData.Today.AddDays(45));

        var p = Build("renewal-upgrade", subscription).Proposal!;

        Assert.Equal((BillingPeriod.Monthly, 150.00m, BillingPeriod.Monthly), (p.Figures.CurrentBilling, p.Figures.CurrentPerMonth.Amount, p.Figures.ProposedBilling));
        Assert.Null(p.Proration);
        Assert.Equal(OfferTestData.Today.AddDays(45), p.ValidUntil);
    }

    [Fact]
    public void Next_best_offer_is_used_when_no_offer_is_named()
    {
        var result = Build(null);

        Assert.Equal("next-tier", result.Proposal!.OfferId);
    }

    [Fact]
    public void No_proposal_when_there_is_no_need_and_the_reason_is_returned()
    {
        var result = Build(null, usage: OfferTestData.Usage(active: 5, adoption: 0.3m, minUtilization: 0.5m));

        Assert.Null(result.Proposal);
        Assert.False(result.HasErrors);
        Assert.StartsWith("no sustained need", result.Decision.Reason);
    }

    [Fact]
    public void Named_draft_offer_is_refused_with_an_error()
    {
        var result = Build("draft-offer");

        Assert.Null(result.Proposal);
        Assert.Contains("draft", Assert.Single(result.Errors));
    }

    [Fact]
    public void Named_offer_still_respects_the_churn_risk_guardrail()
    {
        var result = Build("next-tier", usage: OfferTestData.Usage(active: 12, adoption: 0.9m, minUtilization: 0.95m, healthChange: -20));

        Assert.Null(result.Proposal);
        Assert.StartsWith("churn risk", result.Decision.Reason);
    }

    [Fact]
    public void Subscription_in_an_unpriced_currency_is_an_error()
    {
        var result = Build("next-tier", OfferTestData.Subscription(currency: "EUR"));

        Assert.Contains("no prices in EUR", Assert.Single(result.Errors));
    }

    [Fact]
    public void Trial_proposal_prices_the_tier_after_the_trial_without_proration()
    {
        var p = Build("professional-trial").Proposal!;

        Assert.Equal(("professional", 14, 10), (p.ToTier, p.TrialDays, p.ToSeats));
        Assert.Null(p.Proration);
        Assert.Contains("Nothing is billed during the trial", p.CallToAction);
    }

    [Fact]
    public void Markdown_has_every_section_and_a_non_coercive_call_to_action()
    {
        var md = ProposalMarkdownRenderer.Render(Build("next-tier").Proposal!);

        foreach (var heading in new[] { "## Where you are today", "## Why now", "## What you get", "### What it costs", "### Price path", "### How each price is built", "### If you switch today", "## Expected impact", "## Your choice" })
        {
            Assert.Contains(heading, md);
        }

        Assert.Contains("no obligation", md);
        Assert.Contains("| 3 years, billed annually |", md);
    }

    [Fact]
    public void Html_is_sanitized_against_markup_in_account_data()
    {
        var account = OfferTestData.Account(hourlyCost: 50m) with { Name = "Evil <script>alert(1)</script><img src=x onerror=alert(2)>" };

        var html = ProposalHtmlRenderer.Render(Build("next-tier", account: account).Proposal!);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase); // shown as text, never as an element
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("<table>", html);
    }

    [Fact]
    public void Json_names_the_offer_and_carries_money_with_its_currency()
    {
        using var json = JsonDocument.Parse(ProposalJsonRenderer.Render(Build("next-tier").Proposal!));

        Assert.Equal("next-tier", json.RootElement.GetProperty("internal").GetProperty("offer_id").GetString());
        var annual = json.RootElement.GetProperty("price_path").GetProperty("options")[1].GetProperty("quote").GetProperty("net_per_seat_per_month");
        Assert.Equal((38.25m, "USD"), (annual.GetProperty("amount").GetDecimal(), annual.GetProperty("currency").GetString()));
    }

    [Fact]
    public void Building_for_a_day_other_than_the_catalogue_day_is_refused()
    {
        var account = OfferTestData.Account();
        var subscription = OfferTestData.Subscription();

        Assert.Throws<ArgumentException>(() =>
            _builder.Build(account, subscription, null, OfferTestData.Signals(account, subscription, null), "next-tier", OfferTestData.Today.AddDays(1)));
    }

    [Fact]
    public void Add_on_proposal_counts_the_bundle_value_drivers_in_its_roi()
    {
        // 10 users × (0.5 starter + 0.5 bundle) − 10 × 0.5 = 5 h/week; × 46 × 0.9 adoption = 207.0 h; × 50.00 = 10,350.00
        // cost (15.00 + 8.00) × 10 × 12 = 2,760.00 − 1,800.00 today = 960.00
        var account = OfferTestData.Account(industry: "healthcare", hourlyCost: 50m);

        var roi = Build("healthcare-bundle", account: account).Proposal!.Roi!;

        Assert.Equal(207.0m, roi.HoursSavedPerYear);
        Assert.Equal(10350.00m, roi.AnnualValue.Amount);
        Assert.Equal(960.00m, roi.AnnualIncrementalCost.Amount);
    }

    [Fact]
    public void Renewal_markdown_shows_plain_renewal_and_upgrade_side_by_side()
    {
        var subscription = OfferTestData.Subscription(seats: 10, seatsUsed: 10, renewal: OfferTestData.Today.AddDays(45));

        var md = ProposalMarkdownRenderer.Render(Build("renewal-upgrade", subscription).Proposal!);

        Assert.Contains("### What it costs", md);
        Assert.Contains("| Plain renewal: what you pay today | starter | 10 | monthly | 150.00 USD | 1,800.00 USD |", md);
        Assert.DoesNotContain("### If you switch today", md);
    }
}
