namespace CrmSuite.DataverseEmulator.Schema;

/// <summary>
/// The built-in tables every organisation has, with the standard columns docs/dataverse-schema.md lists.
/// Custom columns (cs_*) and alternate keys are not here: they exist only once created through the metadata endpoints.
/// </summary>
internal static class StandardTables
{
    public static IEnumerable<TableDefinition> Create()
    {
        yield return Account();
        yield return SystemUser();
        yield return Task();
        yield return SalesTables.Quote();
        yield return SalesTables.Opportunity();
        foreach (var table in Plugins.RegistrationTables.Create())
        {
            yield return table;
        }
    }

    private static TableDefinition Account()
    {
        var table = new TableDefinition("Account", "accounts", "accountid", "name", isCustom: false)
        {
            ChangeTrackingEnabled = true,
            PrivilegeName = "Account",
            StateStatus = new Dictionary<int, int[]> { [0] = [1], [1] = [2] },
        };
        table.AddColumn(PrimaryKey("accountid", "AccountId"));
        table.AddColumn(new ColumnDefinition("name", "Name", ColumnType.String) { MaxLength = 160, IsPrimaryName = true });
        table.AddColumn(Owner());
        AddStateAndStatus(table);
        AddSystemColumns(table);
        return table;
    }

    private static TableDefinition SystemUser()
    {
        var table = new TableDefinition("SystemUser", "systemusers", "systemuserid", "fullname", isCustom: false)
        {
            OwnershipType = "BusinessOwned",
            PrivilegeName = "User",
        };
        table.AddColumn(PrimaryKey("systemuserid", "SystemUserId"));
        table.AddColumn(new ColumnDefinition("fullname", "FullName", ColumnType.String) { MaxLength = 200, IsPrimaryName = true });
        table.AddColumn(new ColumnDefinition("internalemailaddress", "InternalEMailAddress", ColumnType.String) { MaxLength = 100 });
        table.AddColumn(new ColumnDefinition("isdisabled", "IsDisabled", ColumnType.Boolean));
        AddSystemColumns(table);
        return table;
    }

    private static TableDefinition Task()
    {
        var table = new TableDefinition("Task", "tasks", "activityid", "subject", isCustom: false)
        {
            ChangeTrackingEnabled = true,
            PrivilegeName = "Activity",
            StateStatus = new Dictionary<int, int[]> { [0] = [2, 3, 4, 7], [1] = [5], [2] = [6] },
        };
        table.AddColumn(PrimaryKey("activityid", "ActivityId"));
        table.AddColumn(new ColumnDefinition("subject", "Subject", ColumnType.String) { MaxLength = 200, IsPrimaryName = true });
        table.AddColumn(new ColumnDefinition("description", "Description", ColumnType.Memo) { MaxLength = 2000 });
        table.AddColumn(new ColumnDefinition("scheduledend", "ScheduledEnd", ColumnType.DateTime));
        table.AddColumn(new ColumnDefinition("actualend", "ActualEnd", ColumnType.DateTime));
        table.AddColumn(new ColumnDefinition("prioritycode", "PriorityCode", ColumnType.Picklist));
        table.AddColumn(new ColumnDefinition("regardingobjectid", "RegardingObjectId", ColumnType.Lookup)
        {
            Targets =
            [
                new LookupTarget("account", "regardingobjectid_account_task"),
                new LookupTarget("quote", "regardingobjectid_quote_task"),
                new LookupTarget("opportunity", "regardingobjectid_opportunity_task"),
            ],
        });
        table.AddColumn(Owner());
        AddStateAndStatus(table);
        AddSystemColumns(table);
        return table;
    }

    internal static ColumnDefinition PrimaryKey(string logicalName, string schemaName) =>
        new(logicalName, schemaName, ColumnType.Uniqueidentifier) { IsPrimaryId = true };

    internal static void AddStateAndStatus(TableDefinition table)
    {
        table.AddColumn(new ColumnDefinition("statecode", "StateCode", ColumnType.State));
        table.AddColumn(new ColumnDefinition("statuscode", "StatusCode", ColumnType.Status));
    }

    internal static void AddSystemColumns(TableDefinition table)
    {
        table.AddColumn(new ColumnDefinition("versionnumber", "VersionNumber", ColumnType.BigInt) { IsSystemSet = true });
        table.AddColumn(new ColumnDefinition("createdon", "CreatedOn", ColumnType.DateTime) { IsSystemSet = true });
        table.AddColumn(new ColumnDefinition("modifiedon", "ModifiedOn", ColumnType.DateTime) { IsSystemSet = true });
    }

    private static ColumnDefinition Owner() =>
        new("ownerid", "OwnerId", ColumnType.Owner) { Targets = [new LookupTarget("systemuser", "ownerid")] };
}
