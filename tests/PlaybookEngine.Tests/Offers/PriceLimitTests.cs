using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.PlaybookEngine.Tests.Offers;

public sealed class PriceLimitTests
{
    [Fact]
    public void A_list_price_pricing_cannot_compute_is_rejected_at_its_line_and_column_with_the_largest_allowed_value()
    {
        var text = OfferTestData.PriceBookText.Replace("list_price: { USD: 90, JPY: 13000 }", "list_price: { USD: 1000000000000000000000000000, JPY: 13000 }", StringComparison.Ordinal);
        var line = OfferTestData.LineOf(text, "USD: 1000000000000000000000000000");

        var result = PriceBookParser.Parse(text, "pricebook.md");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(
            $"pricebook.md:{line}:24: error PR006: tier `enterprise` list_price USD: 1000000000000000000000000000 is larger than the largest allowed value, 1000000",
            error.ToString());
        Assert.Null(result.PriceBook);
    }

    [Fact]
    public void A_price_in_exponent_form_is_not_a_number_a_price_book_accepts()
    {
        var text = OfferTestData.PriceBookText.Replace("list_price: { USD: 90,", "list_price: { USD: 1e27,", StringComparison.Ordinal);

        var result = PriceBookParser.Parse(text, "pricebook.md");

        Assert.Contains("expected a non-negative number such as `12.50`, got `1e27`", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_allowed_price_for_every_seat_an_account_can_hold_prices_a_long_term_without_overflow()
    {
        var text = OfferTestData.PriceBookText.Replace("list_price: { USD: 90, JPY: 13000 }", "list_price: { USD: 1000000, JPY: 13000 }", StringComparison.Ordinal);
        var calculator = new PriceCalculator(PriceBookParser.Parse(text, "pricebook.md").PriceBook!);

        var quote = calculator.Quote(new QuoteRequest("enterprise", int.MaxValue, BillingPeriod.Monthly, 1000, "USD", 0));
        var path = calculator.PricePath("enterprise", int.MaxValue, "USD");

        Assert.Equal(12_000, quote.Periods);
        Assert.True(quote.TotalContractValue.Amount > 1e19m);
        Assert.Equal(quote.NetPerPeriod.Amount * quote.Periods, quote.TotalContractValue.Amount);
        Assert.NotEmpty(path.Options);
    }

    [Fact]
    public void A_value_driver_cannot_save_more_hours_than_a_week_has()
    {
        var text = OfferTestData.PriceBookText.Replace("hours_per_user_per_week: 2 }", "hours_per_user_per_week: 169 }", StringComparison.Ordinal);

        var result = PriceBookParser.Parse(text, "pricebook.md");

        Assert.Contains("hours_per_user_per_week: 169 is larger than the largest allowed value, 168", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- { years: 3, discount: 10% }", "- { years: 2147483647, discount: 10% }", "years: expected a whole number from 1 to 10, got `2147483647`")]
    [InlineData("- { years: 3, discount: 10% }", "- { years: 11, discount: 10% }", "years: expected a whole number from 1 to 10, got `11`")]
    [InlineData("min_term_years: 2,", "min_term_years: 40,", "min_term_years: expected a whole number from 2 to 10, got `40`")]
    public void A_contract_term_longer_than_ten_years_is_refused_at_its_value(string original, string replacement, string message)
    {
        var text = OfferTestData.PriceBookText.Replace(original, replacement, StringComparison.Ordinal);
        var line = OfferTestData.LineOf(text, replacement);

        var result = PriceBookParser.Parse(text, "pricebook.md");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("PR006", error.Code);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Null(result.PriceBook);
    }
}
