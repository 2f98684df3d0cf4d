namespace CrmSuite.Connector.Crm;

/// <summary>
/// A quote or opportunity as the deal desk's discount review reads it: the standard <c>discountpercentage</c> (percent) and
/// the CrmSuite deal columns (docs/dataverse-schema.md, "quote and opportunity"). Absent columns are null.
/// </summary>
internal sealed record CrmDeal(
    string Table,
    string Id,
    string? Name,
    string? OwnerId,
    decimal? DiscountPercent,
    string? Product,
    string? Tier,
    int? Seats,
    string? BillingPeriod,
    int? TermYears,
    string? Currency,
    int? TenureMonths)
{
    /// <summary>
    /// The account an upgrade proposal belongs to: the deal desk's task regards the account (a proposal is not an activity
    /// party); null for quotes and opportunities, whose task regards the row itself.
    /// </summary>
    public string? AccountId { get; init; }
}

/// <summary>The deal desk's approval task for one version of a deal's terms: created once, by its id.</summary>
internal sealed record DealDeskTask(Guid Id, string Subject, string Description, string? OwnerId, DateOnly Due);

/// <summary>What the review writes on the deal (<c>cs_discountstatus</c>, <c>cs_discountnote</c>) and the task it opens, if any.</summary>
/// <param name="RegardingAccountId">The account the task regards instead of the row (an upgrade proposal's account).</param>
internal sealed record DiscountReviewRecord(string Table, string Id, string Status, string Note, DealDeskTask? Task, string? RegardingAccountId = null);

/// <summary>
/// The CRM port's deal side, offered by a CRM that has quotes and opportunities (Dataverse; the embedded CRM has none):
/// the asynchronous discount review reads a deal and records its verdict through it.
/// </summary>
internal interface ICrmDeals
{
    /// <summary>The deal, or null when the row does not exist (any more).</summary>
    Task<CrmDeal?> ReadDealAsync(string table, string id, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the verdict on the deal and creates the approval task when there is one; returns false for the task when it
    /// existed already (a replay), true when this call created it.
    /// </summary>
    Task<bool> RecordDiscountReviewAsync(DiscountReviewRecord review, CancellationToken cancellationToken);
}
