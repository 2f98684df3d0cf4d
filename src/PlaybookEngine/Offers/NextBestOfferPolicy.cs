namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// Thresholds of the next-best-offer rules (docs/offers.md). The defaults encode "only when a real, sustained need shows".
/// </summary>
/// <param name="SeatPressure">Lowest seat utilization over 28 days at or above which seats are the constraint.</param>
/// <param name="TierAdoption">Feature adoption at or above which the account has outgrown its tier.</param>
/// <param name="StrongAdoption">Feature adoption at or above which, with seat pressure, a direct upgrade beats a trial.</param>
/// <param name="AddOnAdoption">Feature adoption at or above which an add-on for the account's industry is worth proposing.</param>
/// <param name="RenewalWindowDays">Days to renewal within which an upgrade travels with the renewal.</param>
/// <param name="QuietDaysAfterDecline">Days after a declined proposal during which nothing is offered.</param>
public sealed record NextBestOfferPolicy(
    decimal SeatPressure = 0.9m,
    decimal TierAdoption = 0.7m,
    decimal StrongAdoption = 0.85m,
    decimal AddOnAdoption = 0.6m,
    int RenewalWindowDays = 120,
    int QuietDaysAfterDecline = 90)
{
    /// <summary>The published defaults.</summary>
    internal static NextBestOfferPolicy Default { get; } = new();
}
