namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// An amount of one currency. Arithmetic keeps full decimal precision; <see cref="Rounded"/> rounds to the currency's
/// minor units, half away from zero (commercial rounding, as a spreadsheet's ROUND does), so a customer can redo
/// every figure of a quote with a calculator. Mixing currencies is a bug and throws.
/// </summary>
/// <param name="Amount">The amount in major units (dollars, euros, yen).</param>
/// <param name="Currency">ISO 4217 code, e.g. <c>USD</c>.</param>
public readonly record struct Money(decimal Amount, string Currency)
{
    /// <summary>Zero of a currency.</summary>
    internal static Money Zero(string currency) => new(0m, currency);

    /// <summary>This amount rounded to the currency's minor units, half away from zero.</summary>
    internal Money Rounded() => new(Round(Amount, Currency), Currency);

    /// <summary>Rounds <paramref name="amount"/> to the minor units of <paramref name="currency"/>, half away from zero.</summary>
    /// <remarks>
    /// The result always carries exactly the minor units as its scale (45 USD becomes 45.00), so serialized amounts read alike.
    /// </remarks>
    internal static decimal Round(decimal amount, string currency)
    {
        var units = Currencies.MinorUnits(currency);
        var rounded = Math.Round(amount, units, MidpointRounding.AwayFromZero);
        return rounded.Scale < units ? rounded + new decimal(0, 0, 0, false, (byte)units) : rounded;
    }

    /// <summary>The sum, unrounded.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static Money operator +(Money left, Money right) => new(left.Amount + right.Amount, Same(left, right));

    /// <summary>The difference, unrounded.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static Money operator -(Money left, Money right) => new(left.Amount - right.Amount, Same(left, right));

    /// <summary>The same amount with the opposite sign, e.g. a discount line.</summary>
    public static Money operator -(Money value) => new(-value.Amount, value.Currency);

    /// <summary>The amount scaled by a rate or a fraction, unrounded.</summary>
    public static Money operator *(Money left, decimal factor) => new(left.Amount * factor, left.Currency);

    /// <summary>The amount times a count (seats, months).</summary>
    public static Money operator *(Money left, int factor) => new(left.Amount * factor, left.Currency);

    /// <summary>The amount with its minor units and code, e.g. <c>1,234.50 USD</c> or <c>2,200 JPY</c>.</summary>
    public override string ToString()
    {
        var units = Currencies.IsKnown(Currency) ? Currencies.MinorUnits(Currency) : 2;
        return $"{Amount.ToString("N" + units, System.Globalization.CultureInfo.InvariantCulture)} {Currency}";
    }

    private static string Same(Money left, Money right) =>
        string.Equals(left.Currency, right.Currency, StringComparison.Ordinal)
            ? left.Currency
            : throw new InvalidOperationException($"Cannot combine {left.Currency} with {right.Currency}.");
}
