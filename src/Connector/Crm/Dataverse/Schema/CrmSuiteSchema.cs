using System.Collections.Immutable;

namespace CrmSuite.Connector.Crm.Dataverse.Schema;

/// <summary>
/// docs/dataverse-schema.md as one model: the custom columns and alternate keys on the standard tables, and the custom
/// tables. deploy-schema creates what is missing from it; check reports what is missing from it.
/// </summary>
internal static class CrmSuiteSchema
{
    /// <summary>The publisher prefix of every custom table and column.</summary>
    public const string Prefix = "cs";

    /// <summary>The solution every metadata write goes into (header <c>MSCRM.SolutionUniqueName</c>).</summary>
    public const string Solution = "CrmSuite";

    /// <summary>The publisher of <see cref="Solution"/>.</summary>
    public const string Publisher = "crmsuite";

    public static readonly ImmutableArray<TableDefinition> Tables =
    [
        new("account", "accounts", "Account", "Accounts", IsCustom: false, NeedsChangeTracking: true,
            [Text("cs_segment", 100), Text("cs_industry", 100), Text("cs_lifecyclestage", 100), Number("cs_hourlycost", 2)],
            [], TableAccess.Read | TableAccess.AppendTo, "Account"),
        new("systemuser", "systemusers", "User", "Users", IsCustom: false, NeedsChangeTracking: false,
            [Text("cs_csrole", 50)],
            [], TableAccess.Read, "User"),
        new("task", "tasks", "Task", "Tasks", IsCustom: false, NeedsChangeTracking: true,
            [
                Text("cs_stepkey", 100), Text("cs_playbook", 100), Whole("cs_playbookversion"), Text("cs_state", 100), Whole("cs_step"),
                Text("cs_ownerrole", 50), Text("cs_outcomes", 1000), Text("cs_outcome", 100), Memo("cs_reason", 10000),
                Memo("cs_closedreason", 2000), Memo("cs_outcomeresult", 2000), Text("cs_priority", 20), Moment("cs_createdat"),
            ],
            [Key("cs_task_stepkey", "cs_stepkey")],
            TableAccess.Read | TableAccess.Create | TableAccess.Write | TableAccess.Append | TableAccess.Assign, "Activity"),
        Deal("quote", "quotes", "Quote", "Quotes"),
        Deal("opportunity", "opportunities", "Opportunity", "Opportunities"),
        Custom("cs_subscription", "cs_subscriptions", "Subscription", "Subscriptions",
            [
                Lookup("cs_AccountId", "account"), Text("cs_product", 100), Text("cs_tier", 100), Whole("cs_seats"), Whole("cs_seatsused"),
                Text("cs_billingperiod", 20), Whole("cs_termmonths"), Day("cs_startdate"), Day("cs_renewaldate"), Number("cs_mrr", 2),
                Text("cs_currency", 3), Text("cs_status", 20), Text("cs_trialtier", 100), Day("cs_trialend"),
            ],
            [], TableAccess.Read | TableAccess.Write | TableAccess.Append | TableAccess.AppendTo),
        Custom("cs_usage", "cs_usages", "Usage", "Usage",
            [
                Lookup("cs_AccountId", "account"), Day("cs_asof"), Whole("cs_activeusers30d"), Whole("cs_health"), Whole("cs_healthchange30d"),
                Whole("cs_opentickets"), Whole("cs_nps"), Whole("cs_dayssincelastlogin"), Number("cs_featureadoption", 4),
                Number("cs_seatutilizationmin28d", 4), Number("cs_usagegrowth30d", 4),
            ],
            [Key("cs_usage_account", "cs_accountid")], TableAccess.Read),
        Custom("cs_upgradeproposal", "cs_upgradeproposals", "Upgrade proposal", "Upgrade proposals",
            [
                Text("cs_key", 100), Lookup("cs_AccountId", "account"), Text("cs_playbook", 100), Text("cs_state", 100), Text("cs_offerid", 100),
                Whole("cs_playbookversion"), Whole("cs_step"), Day("cs_issuedon"), Day("cs_expireson"), Text("cs_status", 20),
                Moment("cs_answeredon"), Text("cs_answeredby", 200), Memo("cs_declinereason", 2000), Memo("cs_terms", 100000),
                Memo("cs_document", 1048576), Memo("cs_reason", 10000), Memo("cs_eventresult", 2000),
                // A discount a seller types on the proposal, and the discount review's verdict on it (docs/plugins.md).
                Number("cs_discountpercentage", 2), Text("cs_discountstatus", 20), Memo("cs_discountnote", 2000),
            ],
            [Key("cs_upgradeproposal_key", "cs_key")], TableAccess.Read | TableAccess.Create | TableAccess.Write | TableAccess.Append),
        Custom("cs_playbookstage", "cs_playbookstages", "Playbook stage", "Playbook stages",
            [
                Text("cs_stagekey", 200), Lookup("cs_AccountId", "account"), Text("cs_playbook", 100), Text("cs_stage", 100),
                Whole("cs_playbookversion"), Whole("cs_step"), Moment("cs_enteredon"), Memo("cs_reason", 10000),
            ],
            [Key("cs_playbookstage_key", "cs_stagekey")], TableAccess.Read | TableAccess.Create | TableAccess.Write | TableAccess.Append),
        Custom("cs_licensechange", "cs_licensechanges", "License change", "License changes",
            [
                Text("cs_proposalkey", 100), Lookup("cs_SubscriptionId", "cs_subscription"), Lookup("cs_AccountId", "account"),
                Day("cs_effectiveon"), Day("cs_renewalbefore"), Day("cs_renewalafter"), Text("cs_fromtier", 100), Text("cs_totier", 100),
                Whole("cs_fromseats"), Whole("cs_toseats"), Whole("cs_termmonths"), Text("cs_billingperiod", 20), Number("cs_mrrbefore", 2),
                Number("cs_mrrafter", 2), Text("cs_currency", 3), Memo("cs_lines", 10000),
            ],
            [Key("cs_licensechange_key", "cs_proposalkey")], TableAccess.Read | TableAccess.Create | TableAccess.Write | TableAccess.Append),
    ];

    private static TableDefinition Custom(
        string name, string set, string display, string collection, ImmutableArray<ColumnDefinition> columns, ImmutableArray<KeyDefinition> keys, TableAccess access) =>
        new(name, set, display, collection, IsCustom: true, NeedsChangeTracking: true, columns, keys, access, name);

    // A seller's deal: the terms the discount check reads and the verdict the discount review writes (docs/plugins.md).
    private static TableDefinition Deal(string name, string set, string display, string collection) =>
        new(name, set, display, collection, IsCustom: false, NeedsChangeTracking: false,
            [
                Text("cs_product", 100), Text("cs_tier", 100), Whole("cs_seats"), Text("cs_billingperiod", 20), Whole("cs_termyears"),
                Text("cs_currency", 3), Whole("cs_tenuremonths"), Text("cs_discountstatus", 20), Memo("cs_discountnote", 2000),
            ],
            [], TableAccess.Read | TableAccess.Write | TableAccess.AppendTo, display);

    private static ColumnDefinition Text(string name, int length) => new(name, ColumnKind.String, length);

    private static ColumnDefinition Memo(string name, int length) => new(name, ColumnKind.Memo, length);

    private static ColumnDefinition Whole(string name) => new(name, ColumnKind.Integer);

    private static ColumnDefinition Number(string name, int precision) => new(name, ColumnKind.Decimal, precision);

    private static ColumnDefinition Day(string name) => new(name, ColumnKind.DateOnly);

    private static ColumnDefinition Moment(string name) => new(name, ColumnKind.DateTime);

    private static ColumnDefinition Lookup(string name, string target) => new(name, ColumnKind.Lookup, Target: target);

    private static KeyDefinition Key(string name, params string[] columns) => new(name, [.. columns]);
}
