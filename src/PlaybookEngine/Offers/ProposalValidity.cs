namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// The one rule for a proposal's expiry, shared by everything that shows or stores it (the document, its JSON, the CRM
/// proposal row), so they all carry the same date.
/// </summary>
public static class ProposalValidity
{
    /// <summary>
    /// The last day a proposal of <paramref name="offer"/> issued on <paramref name="issuedOn"/> can be accepted:
    /// <paramref name="issuedOn"/> + the playbook's <c>valid:</c> days when given, else the offer's <c>valid_days</c>;
    /// never beyond the offer's <c>effective_to</c>, and for a renewal upgrade never beyond the renewal date.
    /// </summary>
    /// <param name="offer">The offer proposed.</param>
    /// <param name="issuedOn">The day the proposal is issued.</param>
    /// <param name="validDays">The playbook's <c>valid:</c> for this proposal, or null to use the offer's <c>valid_days</c>.</param>
    /// <param name="renewalDate">The subscription's renewal date, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validDays"/> is below 1.</exception>
    public static DateOnly Until(Offer offer, DateOnly issuedOn, int? validDays, DateOnly? renewalDate)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var days = validDays ?? offer.ValidDays;
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1, nameof(validDays));
        var until = issuedOn.AddDays(days);
        if (offer.Effective.To is { } offerEnd && offerEnd < until)
        {
            until = offerEnd;
        }

        if (offer.Kind == OfferKind.RenewalUpgrade && renewalDate is { } renewal && renewal > issuedOn && renewal < until)
        {
            until = renewal;
        }

        return until;
    }
}
