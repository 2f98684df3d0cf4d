namespace CrmSuite.PlaybookEngine.Accounts;

/// <summary>A customer account as the CRM knows it. Enum-like fields use the names of <see cref="Signals.SignalCatalog"/>.</summary>
public sealed record Account(
    string Id,
    string Name,
    string Segment,
    string Industry,
    string LifecycleStage,
    string? CsmId,
    decimal? HourlyCost = null);
