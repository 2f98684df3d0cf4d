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
public sealed record QuoteLine(QuoteLineKind Kind, string Label, Money PerSeatPerMonth, decimal Rate, string Rule);
