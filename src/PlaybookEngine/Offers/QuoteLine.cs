namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>The role of a line in a quote.</summary>
public enum QuoteLineKind
{
    /// <summary>A list price: the anchor, before any discount.</summary>
    Anchor,

    /// <summary>A published discount, negative, with the rule that produced it.</summary>
    Discount,
}

/// <summary>
/// One component of a quote, per seat per month: an anchor, or a discount with its <see cref="Rate"/> and the
/// <see cref="Rule"/> of the price book that grants it.
/// </summary>
/// <param name="Kind">Anchor or discount.</param>
/// <param name="Label">What a customer reads, e.g. <c>Annual billing</c>.</param>
/// <param name="PerSeatPerMonth">The line's amount per seat per month; negative for a discount.</param>
/// <param name="Rate">The discount rate as a fraction; 0 for an anchor.</param>
/// <param name="Rule">The price book rule that grants it, e.g. <c>50-249 seats</c>; empty for an anchor.</param>
public sealed record QuoteLine(QuoteLineKind Kind, string Label, Money PerSeatPerMonth, decimal Rate, string Rule);
