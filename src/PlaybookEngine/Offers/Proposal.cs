using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// A formal upgrade proposal: the account's situation, the outcomes the change brings, the price path, the plain renewal
/// beside it in the renewal case, the proration of the current term, the ROI with its assumptions, the validity date and
/// a clear, non-coercive call to action. Render it with <see cref="ProposalMarkdownRenderer"/>,
/// <see cref="ProposalHtmlRenderer"/> or <see cref="ProposalJsonRenderer"/>.
/// </summary>
/// <param name="AccountId">The CRM account.</param>
/// <param name="AccountName">Its name, for the proposal's heading.</param>
/// <param name="OfferId">The offer proposed.</param>
/// <param name="Kind">What the offer proposes.</param>
/// <param name="Title">The offer's customer-facing title.</param>
/// <param name="FromTier">The tier paid for today.</param>
/// <param name="FromSeats">The seats paid for today.</param>
/// <param name="ToTier">The tier proposed (the same tier for seat expansions and add-ons).</param>
/// <param name="ToSeats">The seats proposed: current need plus headroom, at least the tier's minimum.</param>
/// <param name="Currency">ISO code of every amount.</param>
/// <param name="PriceBookVersion">The price book version that priced it.</param>
/// <param name="Situation">The account's situation in sentences built from its own data (seats used, billing, renewal).</param>
/// <param name="Outcomes">What the change brings, in the customer's terms.</param>
/// <param name="PricePath">The proposed plan monthly, annual and multi-year, each with its saving.</param>
/// <param name="PlainRenewal">For a renewal upgrade: the renewal unchanged, beside the proposal; null otherwise.</param>
/// <param name="Proration">For a mid-term change: the settlement of the current term; null otherwise.</param>
/// <param name="Roi">The ROI estimate, or null when it cannot be computed (see <paramref name="RoiUnavailable"/>).</param>
/// <param name="RoiUnavailable">Why there is no ROI estimate (e.g. no usage data), or null.</param>
/// <param name="TrialDays">Length of the trial for a trial offer; 0 otherwise.</param>
/// <param name="IssuedOn">The day it was built.</param>
/// <param name="ValidUntil">The last day it can be accepted: the offer's validity, cut to the offer's end and, for a renewal upgrade, to the renewal date.</param>
/// <param name="Reason">Why this offer, in words a CSM can repeat.</param>
/// <param name="CallToAction">The closing, non-coercive choice put to the customer.</param>
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
