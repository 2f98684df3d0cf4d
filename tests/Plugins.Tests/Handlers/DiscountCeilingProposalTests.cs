using CrmSuite.Plugins.Context;
using CrmSuite.Plugins.Handlers;
using CrmSuite.Plugins.Tests.Discounts;

namespace CrmSuite.Plugins.Tests.Handlers;

/// <summary>
/// The synchronous check on an upgrade proposal (docs/plugins.md, "The discount check"): the seller's
/// <c>cs_discountpercentage</c> against the license its <c>cs_terms</c> propose; a proposal without either is let through.
/// </summary>
public sealed class DiscountCeilingProposalTests
{
    private static readonly DiscountCeilingHandler Ceiling = new();

    private const string Terms = """{"to_tier":"professional","to_seats":50,"billing":"Annual","term_months":24,"currency":"USD"}""";

    private static (bool Allow, string Reason) Decide(IDictionary<string, AttributeValue> target)
    {
        var (allow, reason, _) = Ceiling.Decide(Events.Update("cs_upgradeproposal", target, message: "Update"), _ => ShippedPriceBook.Book);
        return (allow, reason);
    }

    [Fact]
    public void The_proposed_license_is_the_deal_term_months_in_whole_years()
    {
        var deal = DiscountCeilingHandler.ReadDeal(Events.Update("cs_upgradeproposal", new Dictionary<string, AttributeValue>
        {
            ["cs_discountpercentage"] = new NumberValue(12.5m),
            ["cs_terms"] = new TextValue("""{"to_tier":"enterprise","to_seats":120,"billing":"Monthly","term_months":36,"currency":"EUR"}"""),
        }))!;

        Assert.Equal(("enterprise", 120, "Monthly", 3, "EUR", 0, 0.125m), (deal.Tier, deal.Seats, deal.Billing.ToString(), deal.TermYears, deal.Currency, deal.TenureMonths, deal.Discount));
    }

    [Theory]
    [InlineData(20, true, "20% is within the 23.29% this deal earns")]
    [InlineData(30, true, "30% needs deal-desk approval: this deal earns 23.29%")]
    [InlineData(45, false, "45% is beyond the deal desk's hard ceiling of 40%")]
    public void A_proposal_discount_is_measured_against_the_license_it_proposes(int discount, bool allowed, string reason)
    {
        var decision = Decide(new Dictionary<string, AttributeValue> { ["cs_discountpercentage"] = new NumberValue(discount), ["cs_terms"] = new TextValue(Terms) });

        Assert.Equal(allowed, decision.Allow);
        Assert.StartsWith(reason, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proposal_without_a_discount_or_readable_terms_is_let_through_and_says_why()
    {
        var noDiscount = Decide(new Dictionary<string, AttributeValue> { ["cs_terms"] = new TextValue(Terms) });
        var badTerms = Decide(new Dictionary<string, AttributeValue> { ["cs_discountpercentage"] = new NumberValue(90), ["cs_terms"] = new TextValue("not json") });

        const string why = "not a CrmSuite deal: the upgrade proposal has no cs_discountpercentage or no cs_terms naming the license it proposes";
        Assert.Equal((true, why), noDiscount);
        Assert.Equal((true, why), badTerms);
    }
}
