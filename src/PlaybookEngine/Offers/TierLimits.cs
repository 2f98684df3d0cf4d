namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>What a tier allows. A null limit means unlimited.</summary>
/// <param name="Seats">Most seats.</param>
/// <param name="ApiCallsPerMonth">Most API calls a month.</param>
/// <param name="Integrations">Most integrations.</param>
/// <param name="Support">The support level, e.g. <c>community forum</c>.</param>
public sealed record TierLimits(int? Seats, long? ApiCallsPerMonth, int? Integrations, string Support);
