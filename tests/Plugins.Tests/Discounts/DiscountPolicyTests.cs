using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;
using CrmSuite.Plugins.Discounts;

namespace CrmSuite.Plugins.Tests.Discounts;

/// <summary>
/// A deal's discount against the shipped price book (docs/offers.md): professional, 50 seats, annual, 2 years, USD earns
/// 45.00 → 5% volume 42.75 → 15% annual 36.34 → 5% term 34.52, i.e. 23.29% off; the deal desk's hard ceiling is 40%.
/// </summary>
public sealed class DiscountPolicyTests
{
    private static DealTerms Deal(decimal discount, int seats = 50, int years = 2, BillingPeriod billing = BillingPeriod.Annual) =>
        new("professional", seats, billing, years, "USD", 0, discount);

    [Fact]
    public void The_allowed_discount_is_what_a_quote_of_the_same_deal_carries()
    {
        var assessment = DiscountPolicy.Assess(ShippedPriceBook.Book, Deal(0.20m));

        Assert.Equal(DiscountStanding.WithinRules, assessment.Standing);
        Assert.Equal(1 - (34.52m / 45.00m), assessment.Allowed);
        Assert.Equal(0.40m, assessment.Ceiling);
    }

    [Fact]
    public void A_discount_beyond_the_rules_needs_approval_naming_each_rule_and_what_would_earn_more()
    {
        var assessment = DiscountPolicy.Assess(ShippedPriceBook.Book, Deal(0.30m));

        Assert.Equal(DiscountStanding.NeedsApproval, assessment.Standing);
        Assert.StartsWith("30% needs deal-desk approval: this deal earns 23.29% under price book crmsuite v3: ", assessment.Explanation, StringComparison.Ordinal);
        Assert.Contains("Volume discount 5% (volume band 50-249 seats)", assessment.Explanation, StringComparison.Ordinal);
        Assert.Contains("Annual billing 15% (billed annually instead of monthly)", assessment.Explanation, StringComparison.Ordinal);
        Assert.EndsWith("a longer term, more seats or annual billing earn more", assessment.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_discount_beyond_the_hard_ceiling_is_refused()
    {
        var assessment = DiscountPolicy.Assess(ShippedPriceBook.Book, Deal(0.45m));

        Assert.Equal(DiscountStanding.BeyondCeiling, assessment.Standing);
        Assert.StartsWith("45% is beyond the deal desk's hard ceiling of 40%; this deal earns 23.29%", assessment.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_discount_is_within_the_rules_for_a_longer_term_and_more_seats()
    {
        Assert.Equal(DiscountStanding.NeedsApproval, DiscountPolicy.Assess(ShippedPriceBook.Book, Deal(0.30m)).Standing);
        Assert.Equal(DiscountStanding.WithinRules, DiscountPolicy.Assess(ShippedPriceBook.Book, Deal(0.30m, seats: 1000, years: 3)).Standing);
    }

    [Fact]
    public void A_monthly_one_year_deal_of_few_seats_earns_nothing_and_says_so()
    {
        var assessment = DiscountPolicy.Assess(ShippedPriceBook.Book, Deal(0.05m, seats: 10, years: 1, billing: BillingPeriod.Monthly));

        Assert.Equal(0m, assessment.Allowed);
        Assert.Contains("no published discount applies", assessment.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_book_without_a_deal_desk_refuses_nothing()
    {
        var text = ShippedPriceBook.Text.Replace("deal_desk:\n  hard_ceiling: 40%\n", "", StringComparison.Ordinal);
        var book = PriceBookParser.Parse(text, "pricebook.md").PriceBook!;

        Assert.Null(book.Discounts.HardCeiling);
        Assert.Equal(DiscountStanding.NeedsApproval, DiscountPolicy.Assess(book, Deal(0.95m)).Standing);
    }

    [Fact]
    public void A_hard_ceiling_below_what_the_rules_give_together_is_refused_at_its_value()
    {
        var text = ShippedPriceBook.Text.Replace("hard_ceiling: 40%", "hard_ceiling: 30%", StringComparison.Ordinal);

        var result = PriceBookParser.Parse(text, "pricebook.md");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("PR006", error.Code);
        Assert.Contains("deal_desk hard_ceiling 30% is below the 36.93% the published discounts give together", error.Message, StringComparison.Ordinal);
        Assert.Null(result.PriceBook);
    }
}
