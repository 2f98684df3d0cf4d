namespace CrmSuite.PlaybookEngine.Accounts;

/// <summary>Usage and support figures for one account as of one day.</summary>
/// <param name="AccountId">The account measured.</param>
/// <param name="AsOf">The day the figures describe.</param>
/// <param name="ActiveUsers30d">Users active in the last 30 days.</param>
/// <param name="FeatureAdoption">Share of the tier's features in use, 0 to 1.</param>
/// <param name="Health">Health score, 0 to 100.</param>
/// <param name="HealthChange30d">Change of the health score over the last 30 days, in points.</param>
/// <param name="OpenTickets">Support tickets open now.</param>
/// <param name="Nps">The latest NPS answer, -100 to 100, if any.</param>
/// <param name="SeatUtilizationMin28d">The lowest seat utilization of the last 28 days, 0 to 1: a need that held, not a spike.</param>
/// <param name="UsageGrowth30d">Relative growth of usage over 30 days (0.1 is +10%).</param>
/// <param name="DaysSinceLastLogin">Days since any user of the account last logged in.</param>
public sealed record UsageSnapshot(
    string AccountId,
    DateOnly AsOf,
    int ActiveUsers30d,
    decimal FeatureAdoption,
    int Health,
    int HealthChange30d,
    int OpenTickets,
    int? Nps,
    decimal SeatUtilizationMin28d,
    decimal UsageGrowth30d,
    int DaysSinceLastLogin);
