using System.Collections.Immutable;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// A formal upgrade proposal: the account's situation, why now in the customer's own numbers, the outcomes the change
/// brings, the price path, the figures (today, proposed, difference) every part of the document reads, the proration of
/// the current term, the ROI with its assumptions and a conservative case, the validity date and a clear, non-coercive
/// call to action. Render it with <see cref="ProposalMarkdownRenderer"/>, <see cref="ProposalHtmlRenderer"/> or
/// <see cref="ProposalJsonRenderer"/>. Ids (account, offer, tiers), the price book version and <see cref="Reason"/> are
/// internal: the renderers keep them out of the customer's document (JSON carries them under <c>internal</c>).
/// </summary>
/// <param name="AccountId">The CRM account (internal).</param>
/// <param name="AccountName">Its name, for the proposal's heading.</param>
/// <param name="OfferId">The offer proposed (internal).</param>
/// <param name="Kind">What the offer proposes.</param>
/// <param name="Title">The offer's customer-facing title.</param>
/// <param name="FromTier">The tier paid for today (internal id).</param>
/// <param name="FromTierTitle">Its customer-facing title, e.g. <c>CrmSuite Starter</c>.</param>
/// <param name="FromSeats">The seats paid for today.</param>
/// <param name="ToTier">The tier proposed (internal id; the same tier for seat expansions and add-ons).</param>
/// <param name="ToTierTitle">Its customer-facing title.</param>
/// <param name="ToSeats">The seats proposed: current need plus headroom, at least the tier's minimum.</param>
/// <param name="Currency">ISO code of every amount.</param>
/// <param name="PriceBookVersion">The price book version that priced it (internal).</param>
/// <param name="Situation">The account's situation in sentences built from its own data (seats used, billing, renewal).</param>
/// <param name="WhyNow">Why this proposal now, in the customer's terms: its own usage numbers, never signal names or sales reasoning.</param>
/// <param name="Outcomes">What the change brings, in the customer's terms.</param>
/// <param name="PricePath">The proposed plan monthly, annual and multi-year, each with its saving.</param>
/// <param name="Figures">Today's price, the proposed price at the same billing and the difference, defined once.</param>
/// <param name="Proration">For a mid-term change: the settlement of the current term; null otherwise.</param>
/// <param name="Roi">The ROI estimate, or null when it cannot be computed (see <paramref name="RoiUnavailable"/>).</param>
/// <param name="RoiUnavailable">Why there is no ROI estimate, in the customer's terms, or null.</param>
/// <param name="TrialDays">Length of the trial for a trial offer; 0 otherwise.</param>
/// <param name="IssuedOn">The day it was built.</param>
/// <param name="ValidUntil">The last day it can be accepted, by <see cref="ProposalValidity.Until"/>.</param>
/// <param name="Reason">Why this offer, in the words of the next-best-offer rules (internal: for the CSM and the CRM, never the customer).</param>
/// <param name="CallToAction">The closing, non-coercive choice put to the customer.</param>
public sealed record Proposal(
    string AccountId,
    string AccountName,
    string OfferId,
    OfferKind Kind,
    string Title,
    string FromTier,
    string FromTierTitle,
    int FromSeats,
    string ToTier,
    string ToTierTitle,
    int ToSeats,
    string Currency,
    int PriceBookVersion,
    ImmutableArray<string> Situation,
    ImmutableArray<string> WhyNow,
    ImmutableArray<string> Outcomes,
    PricePath PricePath,
    ProposalFigures Figures,
    Proration? Proration,
    RoiEstimate? Roi,
    string? RoiUnavailable,
    int TrialDays,
    DateOnly IssuedOn,
    DateOnly ValidUntil,
    string Reason,
    string CallToAction);
