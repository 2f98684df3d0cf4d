using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using CrmSuite.PlaybookEngine.Accounts;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// The columns the gateway selects per table (docs/dataverse-schema.md) and how a row's JSON becomes a CrmSuite record.
/// A value CrmSuite cannot read is an error naming the table, the row and the column.
/// </summary>
internal static class DataverseRows
{
    public const string AccountColumns = "accountid,name,_ownerid_value,versionnumber,cs_segment,cs_industry,cs_lifecyclestage,cs_hourlycost";

    public const string SubscriptionColumns =
        "cs_subscriptionid,_cs_accountid_value,cs_product,cs_tier,cs_seats,cs_seatsused,cs_billingperiod,cs_termmonths,cs_startdate,"
        + "cs_renewaldate,cs_mrr,cs_currency,cs_status,cs_trialtier,cs_trialend";

    public const string UsageColumns =
        "cs_usageid,_cs_accountid_value,cs_asof,cs_activeusers30d,cs_featureadoption,cs_health,cs_healthchange30d,cs_opentickets,cs_nps,"
        + "cs_seatutilizationmin28d,cs_usagegrowth30d,cs_dayssincelastlogin";

    public const string HistoryColumns = "_cs_accountid_value,cs_issuedon,cs_status,cs_answeredon";

    /// <summary>What a CrmSuite task tells the contact history: its account, playbook, state and when the playbook opened it.</summary>
    public const string TouchColumns = "_regardingobjectid_value,cs_playbook,cs_state,cs_createdat";

    public const string UserColumns = "systemuserid,fullname,internalemailaddress,cs_csrole";

    public const string TaskColumns =
        "activityid,cs_stepkey,_regardingobjectid_value,cs_playbook,cs_playbookversion,cs_state,cs_step,subject,scheduledend,prioritycode,"
        + "cs_priority,cs_ownerrole,cs_outcomes,cs_outcome,cs_reason,cs_createdat,statecode,actualend,versionnumber";

    public const string ProposalColumns =
        "cs_upgradeproposalid,cs_key,_cs_accountid_value,cs_playbook,cs_state,cs_offerid,cs_playbookversion,cs_step,cs_issuedon,cs_expireson,"
        + "cs_status,cs_answeredon,cs_declinereason,versionnumber";

    public static Account Account(JsonElement row)
    {
        var id = Id(row, "accountid");
        return new Account(
            id,
            Text(row, "name") ?? "",
            Text(row, "cs_segment") ?? "",
            Text(row, "cs_industry") ?? "",
            Text(row, "cs_lifecyclestage") ?? "",
            Lookup(row, "_ownerid_value"),
            Decimal(row, "cs_hourlycost", "account", id));
    }

    public static Subscription Subscription(JsonElement row)
    {
        var id = Id(row, "cs_subscriptionid");
        const string table = "cs_subscription";
        return new Subscription(
            id,
            Lookup(row, "_cs_accountid_value") ?? throw Bad(table, id, "cs_accountid", "an account"),
            Text(row, "cs_product") ?? "",
            Text(row, "cs_tier") ?? "",
            Int(row, "cs_seats", table, id) ?? 0,
            Int(row, "cs_seatsused", table, id) ?? 0,
            Text(row, "cs_billingperiod") switch
            {
                "monthly" => BillingPeriod.Monthly,
                "annual" => BillingPeriod.Annual,
                var other => throw Bad(table, id, "cs_billingperiod", $"monthly or annual, got '{other}'"),
            },
            Int(row, "cs_termmonths", table, id) ?? 0,
            Date(row, "cs_startdate", table, id) ?? throw Bad(table, id, "cs_startdate", "a date"),
            Date(row, "cs_renewaldate", table, id),
            Decimal(row, "cs_mrr", table, id) ?? 0m,
            Text(row, "cs_currency") ?? "",
            Text(row, "cs_status") switch
            {
                "active" => SubscriptionStatus.Active,
                "trial" => SubscriptionStatus.Trial,
                "cancelled" => SubscriptionStatus.Cancelled,
                var other => throw Bad(table, id, "cs_status", $"active, trial or cancelled, got '{other}'"),
            },
            Text(row, "cs_trialtier"),
            Date(row, "cs_trialend", table, id));
    }

    public static UsageSnapshot Usage(JsonElement row)
    {
        var id = Id(row, "cs_usageid");
        const string table = "cs_usage";
        return new UsageSnapshot(
            Lookup(row, "_cs_accountid_value") ?? throw Bad(table, id, "cs_accountid", "an account"),
            Date(row, "cs_asof", table, id) ?? throw Bad(table, id, "cs_asof", "a date"),
            Int(row, "cs_activeusers30d", table, id) ?? 0,
            Decimal(row, "cs_featureadoption", table, id) ?? 0m,
            Int(row, "cs_health", table, id) ?? 0,
            Int(row, "cs_healthchange30d", table, id) ?? 0,
            Int(row, "cs_opentickets", table, id) ?? 0,
            Int(row, "cs_nps", table, id),
            Decimal(row, "cs_seatutilizationmin28d", table, id) ?? 0m,
            Decimal(row, "cs_usagegrowth30d", table, id) ?? 0m,
            Int(row, "cs_dayssincelastlogin", table, id) ?? 0);
    }

    public static CrmUser User(JsonElement row) =>
        new(Id(row, "systemuserid"), Text(row, "fullname") ?? "", Text(row, "internalemailaddress") ?? "", Text(row, "cs_csrole") ?? "");

    public static Reason Reason(JsonElement row, string column, string state)
    {
        var json = Text(row, column);
        return json is null
            ? new Reason("", state, "", [])
            : JsonSerializer.Deserialize(json, CrmJson.Default.Reason) ?? new Reason("", state, "", []);
    }

    public static ProposalStatus ProposalStatus(JsonElement row, string id) => Text(row, "cs_status") switch
    {
        "issued" => Crm.ProposalStatus.Issued,
        "accepted" => Crm.ProposalStatus.Accepted,
        "declined" => Crm.ProposalStatus.Declined,
        "expired" => Crm.ProposalStatus.Expired,
        "withdrawn" => Crm.ProposalStatus.Withdrawn,
        var other => throw Bad("cs_upgradeproposal", id, "cs_status", $"issued, accepted, declined, expired or withdrawn, got '{other}'"),
    };

    public static string ProposalStatusName(ProposalStatus status) => status switch
    {
        Crm.ProposalStatus.Issued => "issued",
        Crm.ProposalStatus.Accepted => "accepted",
        Crm.ProposalStatus.Declined => "declined",
        Crm.ProposalStatus.Expired => "expired",
        _ => "withdrawn",
    };

    /// <summary>Dataverse's task priority choice: 0 low, 1 normal, 2 high (urgent is high there).</summary>
    public static int PriorityCode(TaskPriority priority) => priority switch
    {
        TaskPriority.Low => 0,
        TaskPriority.Normal => 1,
        _ => 2,
    };

    /// <summary>The exact priority as <c>cs_priority</c> holds it: <c>low</c>, <c>normal</c>, <c>high</c> or <c>urgent</c>.</summary>
    public static string PriorityName(TaskPriority priority) => priority switch
    {
        TaskPriority.Low => "low",
        TaskPriority.Normal => "normal",
        TaskPriority.High => "high",
        _ => "urgent",
    };

    /// <summary>
    /// A task's priority: <c>cs_priority</c> when it holds one of the four names, else the standard <c>prioritycode</c>
    /// (a task a user created or edited in Dynamics 365 without the column).
    /// </summary>
    public static TaskPriority Priority(JsonElement row, string key) => Text(row, "cs_priority") switch
    {
        "low" => TaskPriority.Low,
        "normal" => TaskPriority.Normal,
        "high" => TaskPriority.High,
        "urgent" => TaskPriority.Urgent,
        _ => Int(row, "prioritycode", "task", key) switch
        {
            0 => TaskPriority.Low,
            2 => TaskPriority.High,
            _ => TaskPriority.Normal,
        },
    };

    public static ImmutableArray<string> Outcomes(string? text) =>
        string.IsNullOrEmpty(text) ? [] : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>True for an entry of a delta response that reports a deleted row.</summary>
    public static bool IsDeleted(JsonElement row) =>
        (row.TryGetProperty("@odata.context", out var context) && context.GetString()?.EndsWith("$deletedEntity", StringComparison.Ordinal) == true)
        || (row.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String && reason.GetString() == "deleted" && row.TryGetProperty("id", out _));

    public static string Id(JsonElement row, string column) =>
        row.TryGetProperty(column, out var value) && value.GetString() is { } id ? OData.Guid(id) : throw new FormatException($"A Dataverse row has no {column}.");

    public static string? Lookup(JsonElement row, string column) =>
        row.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.String ? OData.Guid(value.GetString()!) : null;

    public static string? Text(JsonElement row, string column) =>
        row.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static long Version(JsonElement row) =>
        row.TryGetProperty("versionnumber", out var value) ? value.ValueKind switch
        {
            JsonValueKind.Number => value.GetInt64(),
            JsonValueKind.String => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
            _ => 0,
        } : 0;

    public static int? Int(JsonElement row, string column, string table, string id)
    {
        if (!row.TryGetProperty(column, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : throw Bad(table, id, column, $"a whole number, got {value.GetRawText()}");
    }

    public static decimal? Decimal(JsonElement row, string column, string table, string id)
    {
        if (!row.TryGetProperty(column, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) ? d : throw Bad(table, id, column, $"a number, got {value.GetRawText()}");
    }

    public static DateOnly? Date(JsonElement row, string column, string table, string id)
    {
        var text = Text(row, column);
        if (text is null)
        {
            return null;
        }

        // DateOnly columns read as yyyy-MM-dd; a DateTime column's UTC day when it holds a time.
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? DateOnly.FromDateTime(at.UtcDateTime)
            : throw Bad(table, id, column, $"a date (yyyy-MM-dd), got '{text}'");
    }

    public static DateTimeOffset? Timestamp(JsonElement row, string column) =>
        Text(row, column) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : null;

    private static FormatException Bad(string table, string id, string column, string expected) =>
        new($"Dataverse {table} {id}: {column} must be {expected}.");
}
