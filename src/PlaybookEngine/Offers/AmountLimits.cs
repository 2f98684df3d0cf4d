namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// The largest amounts a price book may hold. With at most <see cref="int.MaxValue"/> seats, a list price and an add-on
/// price each at most <see cref="Price"/> come to under 6e16 a year, and the ROI's hours × cost × weeks to under 4e19:
/// far inside <see cref="decimal"/>'s 7.9e28, so no quote, price path or ROI can overflow at run time.
/// </summary>
internal static class AmountLimits
{
    /// <summary>A list price, add-on price or hourly cost, per seat per month (or per hour), in any currency.</summary>
    public const decimal Price = 1_000_000m;

    /// <summary>Hours a value driver saves per user per week: no more than a week has.</summary>
    public const decimal HoursPerWeek = 168m;

    /// <summary>Working weeks in a year.</summary>
    public const decimal WeeksPerYear = 53m;

    /// <summary>The longest contract term a price book may discount, in years: a term's value is computed over every year of it.</summary>
    public const int TermYears = 10;
}
