namespace CrmSuite.DataverseEmulator.Schema;

/// <summary>
/// The sales tables a seller's deal lives in, with the standard columns the discount check reads (docs/dataverse-schema.md,
/// "Deals"); their cs_* columns exist only once deploy-schema creates them.
/// </summary>
internal static class SalesTables
{
    public static TableDefinition Quote() => Deal("Quote", "quotes", "quoteid", "QuoteId", "Quote",
        new Dictionary<int, int[]> { [0] = [1], [1] = [2, 3], [2] = [4], [3] = [5, 6, 7] });

    public static TableDefinition Opportunity() => Deal("Opportunity", "opportunities", "opportunityid", "OpportunityId", "Opportunity",
        new Dictionary<int, int[]> { [0] = [1, 2], [1] = [3], [2] = [4, 5] });

    private static TableDefinition Deal(string schemaName, string set, string primaryId, string primaryIdSchema, string privilege, Dictionary<int, int[]> states)
    {
        var table = new TableDefinition(schemaName, set, primaryId, "name", isCustom: false)
        {
            PrivilegeName = privilege,
            StateStatus = states,
        };
        table.AddColumn(StandardTables.PrimaryKey(primaryId, primaryIdSchema));
        table.AddColumn(new ColumnDefinition("name", "Name", ColumnType.String) { MaxLength = 300, IsPrimaryName = true });
        table.AddColumn(new ColumnDefinition("discountpercentage", "DiscountPercentage", ColumnType.Decimal) { Precision = 2 });
        table.AddColumn(new ColumnDefinition("ownerid", "OwnerId", ColumnType.Owner) { Targets = [new LookupTarget("systemuser", "ownerid")] });
        StandardTables.AddStateAndStatus(table);
        StandardTables.AddSystemColumns(table);
        return table;
    }
}
