using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// A formal upgrade proposal: the account's situation, the outcomes the change brings, the price path, the plain renewal
/// beside it in the renewal case, the proration of the current term, the ROI with its assumptions, the validity date and
/// a clear, non-coercive call to action. Render it with <see cref="ProposalMarkdownRenderer"/>,
/// <see cref="ProposalHtmlRenderer"/> or <see cref="ProposalJsonRenderer"/>.
/// </summary>
public sealed record Proposal(
    string AccountId,
    string AccountName,
    string OfferId,
    OfferKind Kind,
    string Title,
    string FromTier,
    int FromSeats,
    string ToTier,
    int ToSeats,
    string Currency,
    int PriceBookVersion,
    ImmutableArray<string> Situation,
    ImmutableArray<string> Outcomes,
    PricePath PricePath,
    Quote? PlainRenewal,
    Proration? Proration,
    RoiEstimate? Roi,
    string? RoiUnavailable,
    int TrialDays,
    DateOnly IssuedOn,
    DateOnly ValidUntil,
    string Reason,
    string CallToAction);
