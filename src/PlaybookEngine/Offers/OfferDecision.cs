namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// What to propose to an account, or that nothing should be proposed: the offer, the target tier and seats, and the
/// reason in words either way.
/// </summary>
public sealed record OfferDecision(Offer? Offer, string? TargetTier, int Seats, string Reason)
{
    /// <summary>True when an offer should be made.</summary>
    internal bool IsOffer => Offer is not null;

    /// <summary>A decision not to offer, with its reason.</summary>
    internal static OfferDecision None(string reason) => new(null, null, 0, reason);
}
