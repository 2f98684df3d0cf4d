namespace CrmSuite.PlaybookEngine.Accounts;

/// <summary>A customer account as the CRM knows it. Enum-like fields use the names of <see cref="Signals.SignalCatalog"/>.</summary>
/// <param name="Id">The CRM account id.</param>
/// <param name="Name">The account's display name.</param>
/// <param name="Segment">Company size, one of <see cref="Signals.SignalCatalog.Segments"/>.</param>
/// <param name="Industry">One of <see cref="Signals.SignalCatalog.Industries"/>.</param>
/// <param name="LifecycleStage">One of <see cref="Signals.SignalCatalog.LifecycleStages"/>.</param>
/// <param name="CsmId">The CSM who owns the account, if any; tasks are assigned to them.</param>
/// <param name="HourlyCost">The loaded hourly cost of a user at this account, for ROI; null uses the price book's default for the segment.</param>
public sealed record Account(
    string Id,
    string Name,
    string Segment,
    string Industry,
    string LifecycleStage,
    string? CsmId,
    decimal? HourlyCost = null);
