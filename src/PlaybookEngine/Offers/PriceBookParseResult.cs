using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Diagnostics;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// What <see cref="PriceBookParser.Parse"/> read from one file: a price book (<c>kind: pricebook</c>) or the offers
/// (<c>kind: offers</c>), and every diagnostic. <see cref="PriceBook"/> is null for an offers file or a file with errors.
/// </summary>
public sealed record PriceBookParseResult(
    string Path,
    string? Kind,
    PriceBook? PriceBook,
    ImmutableArray<Offer> Offers,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when any diagnostic is an error.</summary>
    internal bool HasErrors => Diagnostics.Any(d => d.IsError);
}
