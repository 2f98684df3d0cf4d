using CrmSuite.PlaybookEngine.Diagnostics;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>Whether a playbook may reference an offer today.</summary>
public enum OfferReferenceStatus
{
    /// <summary>Approved, effective, and its price book is approved and effective.</summary>
    Ok,

    /// <summary>No offers file declares the id.</summary>
    Unknown,

    /// <summary>The offer is a draft.</summary>
    Draft,

    /// <summary>The offer is retired.</summary>
    Retired,

    /// <summary>The offer's effective period starts after today.</summary>
    NotYetEffective,

    /// <summary>The offer's effective period ended before today.</summary>
    Expired,

    /// <summary>The offer is fine but no approved, effective price book prices its product today.</summary>
    NoPriceBook,
}

/// <summary>
/// The answer of <see cref="OfferCatalog.Check"/>: the status, the offer when known, a suggestion for an unknown id, and a
/// message ready for a diagnostic at the reference's position (<see cref="ToDiagnostic"/>).
/// </summary>
/// <param name="OfferId">The id the playbook wrote.</param>
/// <param name="Status">Whether it may be used today.</param>
/// <param name="Offer">The offer, when an offers file declares the id.</param>
/// <param name="Suggestion">The closest known id, for an unknown one.</param>
/// <param name="Message">The diagnostic message for a status other than ok.</param>
public sealed record OfferReference(string OfferId, OfferReferenceStatus Status, Offer? Offer, string? Suggestion, string Message)
{
    /// <summary>True when the reference may be used.</summary>
    public bool IsOk => Status == OfferReferenceStatus.Ok;

    /// <summary>The PR code of this status (PR020…PR024), or null when ok.</summary>
    public string? Code => Status switch
    {
        OfferReferenceStatus.Ok => null,
        OfferReferenceStatus.Unknown => OfferCodes.UnknownOffer,
        OfferReferenceStatus.Draft => OfferCodes.DraftOffer,
        OfferReferenceStatus.Retired => OfferCodes.RetiredOffer,
        OfferReferenceStatus.NoPriceBook => OfferCodes.NoPriceBook,
        _ => OfferCodes.OfferNotEffective,
    };

    /// <summary>An error diagnostic at the reference's position, or null when the reference is ok.</summary>
    internal Diagnostic? ToDiagnostic(string path, int line, int column) =>
        IsOk ? null : new Diagnostic(path, line, column, Severity.Error, Code!, Message);
}
