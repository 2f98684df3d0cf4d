namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>What a tier allows. A null limit means unlimited.</summary>
public sealed record TierLimits(int? Seats, long? ApiCallsPerMonth, int? Integrations, string Support);
