namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// What to propose to an account, or that nothing should be proposed: the offer, the target tier and seats, and the
/// reason in words either way.
/// </summary>
/// <param name="Offer">The offer to propose; null when nothing should be.</param>
/// <param name="TargetTier">The tier the proposal prices; null when nothing is offered.</param>
/// <param name="Seats">The seats the proposal prices: current need plus the offer's headroom.</param>
/// <param name="Reason">Why, in words a CSM can repeat: the signals that showed the need, or the rule that held the offer back.</param>
public sealed record OfferDecision(Offer? Offer, string? TargetTier, int Seats, string Reason)
{
    /// <summary>True when an offer should be made.</summary>
    internal bool IsOffer => Offer is not null;

    /// <summary>A decision not to offer, with its reason.</summary>
    internal static OfferDecision None(string reason) => new(null, null, 0, reason);
}
