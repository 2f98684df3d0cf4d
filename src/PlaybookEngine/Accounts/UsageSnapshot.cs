namespace CrmSuite.PlaybookEngine.Accounts;

/// <summary>Usage and support figures for one account as of one day.</summary>
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
