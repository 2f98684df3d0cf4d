using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Diagnostics;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// What <see cref="PriceBookParser.Parse"/> read from one file: a price book (<c>kind: pricebook</c>) or the offers
/// (<c>kind: offers</c>), and every diagnostic. <see cref="PriceBook"/> is null for an offers file or a file with errors.
/// </summary>
/// <param name="Path">The file parsed.</param>
/// <param name="Kind">The front matter's <c>kind</c>, or null when it could not be read.</param>
/// <param name="PriceBook">The price book; null for an offers file or a file with errors.</param>
/// <param name="Offers">The offers of an offers file; empty otherwise or with errors.</param>
/// <param name="Diagnostics">Every problem found, in file order.</param>
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
