using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.PlaybookEngine.Tests.Offers;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("USD", "3.825", "3.83")] // half away from zero; banker's rounding would give 3.82
    [InlineData("USD", "3.815", "3.82")] // banker's would also give 3.82: the mode only shows on the even-digit case above
    [InlineData("USD", "-3.825", "-3.83")]
    [InlineData("EUR", "0.005", "0.01")]
    [InlineData("JPY", "552.5", "553")] // 0 minor units; banker's would give 552
    [InlineData("JPY", "1.4", "1")]
    [InlineData("KWD", "1.2345", "1.235")] // 3 minor units
    public void Rounding_is_half_away_from_zero_to_the_currency_minor_units(string currency, string amount, string expected)
    {
        var rounded = new Money(decimal.Parse(amount), currency).Rounded();

        Assert.Equal(decimal.Parse(expected), rounded.Amount);
    }

    [Fact]
    public void Adding_different_currencies_throws()
    {
        Assert.Throws<InvalidOperationException>(() => new Money(1m, "USD") + new Money(1m, "EUR"));
    }

    [Fact]
    public void Unknown_currency_cannot_be_rounded()
    {
        Assert.Throws<ArgumentException>(() => new Money(1m, "XYZ").Rounded());
    }

    [Fact]
    public void Formatting_shows_the_currency_minor_units()
    {
        Assert.Equal("1,234.50 USD", new Money(1234.5m, "USD").ToString());
        Assert.Equal("596,640 JPY", new Money(596640m, "JPY").ToString());
    }

    [Fact]
    public void Rounded_amounts_carry_the_minor_units_as_their_scale()
    {
        Assert.Equal("45.00", new Money(45m, "USD").Rounded().Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("553", new Money(552.5m, "JPY").Rounded().Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
