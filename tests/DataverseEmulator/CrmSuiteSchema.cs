using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CrmSuite.DataverseEmulator;

/// <summary>
/// Creates the CrmSuite schema of docs/dataverse-schema.md in an emulator through the same metadata endpoints
/// deploy-schema uses (tables, columns, lookups, alternate keys), then finishes the key index jobs, so a test
/// can start from a deployed organisation.
/// </summary>
public static class CrmSuiteSchema
{
    private static readonly string[] DealColumns =
        ["cs_product:S100", "cs_tier:S100", "cs_seats:I", "cs_billingperiod:S20", "cs_termyears:I", "cs_currency:S3", "cs_tenuremonths:I", "cs_discountstatus:S20", "cs_discountnote:M2000"];

    // name:type where type is S<n> String, M<n> Memo, I Integer, D<p> Decimal, DO date-only, DT date-time, L<table> lookup.
    private static readonly (string Table, string[] Columns, string? Key, string[] KeyColumns)[] Tables =
    [
        ("account", ["cs_segment:S100", "cs_industry:S100", "cs_lifecyclestage:S100", "cs_hourlycost:D2"], null, []),
        ("systemuser", ["cs_csrole:S50"], null, []),
        ("task", ["cs_stepkey:S100", "cs_playbook:S100", "cs_playbookversion:I", "cs_state:S100", "cs_step:I", "cs_ownerrole:S50",
            "cs_outcomes:S1000", "cs_outcome:S100", "cs_reason:M10000", "cs_closedreason:M2000", "cs_outcomeresult:M2000", "cs_priority:S20", "cs_createdat:DT"], "cs_task_stepkey", ["cs_stepkey"]),
        ("quote", DealColumns, null, []),
        ("opportunity", DealColumns, null, []),
        ("cs_subscription", ["cs_AccountId:Laccount", "cs_product:S100", "cs_tier:S100", "cs_seats:I", "cs_seatsused:I", "cs_billingperiod:S20",
            "cs_termmonths:I", "cs_startdate:DO", "cs_renewaldate:DO", "cs_mrr:D2", "cs_currency:S3", "cs_status:S20", "cs_trialtier:S100", "cs_trialend:DO"], null, []),
        ("cs_usage", ["cs_AccountId:Laccount", "cs_asof:DO", "cs_activeusers30d:I", "cs_health:I", "cs_healthchange30d:I", "cs_opentickets:I", "cs_nps:I",
            "cs_dayssincelastlogin:I", "cs_featureadoption:D4", "cs_seatutilizationmin28d:D4", "cs_usagegrowth30d:D4"], "cs_usage_account", ["cs_accountid"]),
        ("cs_upgradeproposal", ["cs_key:S100", "cs_AccountId:Laccount", "cs_playbook:S100", "cs_state:S100", "cs_offerid:S100", "cs_playbookversion:I",
            "cs_step:I", "cs_issuedon:DO", "cs_expireson:DO", "cs_status:S20", "cs_answeredon:DT", "cs_answeredby:S200", "cs_declinereason:M2000",
            "cs_terms:M100000", "cs_document:M1048576", "cs_reason:M10000", "cs_eventresult:M2000",
            "cs_discountpercentage:D2", "cs_discountstatus:S20", "cs_discountnote:M2000"], "cs_upgradeproposal_key", ["cs_key"]),
        ("cs_playbookstage", ["cs_stagekey:S200", "cs_AccountId:Laccount", "cs_playbook:S100", "cs_stage:S100", "cs_playbookversion:I", "cs_step:I",
            "cs_enteredon:DT", "cs_reason:M10000"], "cs_playbookstage_key", ["cs_stagekey"]),
        ("cs_licensechange", ["cs_proposalkey:S100", "cs_SubscriptionId:Lcs_subscription", "cs_AccountId:Laccount", "cs_effectiveon:DO",
            "cs_renewalbefore:DO", "cs_renewalafter:DO", "cs_fromtier:S100", "cs_totier:S100", "cs_fromseats:I", "cs_toseats:I", "cs_termmonths:I",
            "cs_billingperiod:S20", "cs_mrrbefore:D2", "cs_mrrafter:D2", "cs_currency:S3", "cs_lines:M10000"], "cs_licensechange_key", ["cs_proposalkey"]),
    ];

    public static async Task DeployAsync(DataverseEmulator emulator, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = emulator.ServiceRoot };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.Options.AccessToken);
        http.DefaultRequestHeaders.Add("OData-MaxVersion", "4.0");
        http.DefaultRequestHeaders.Add("OData-Version", "4.0");
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.Add("MSCRM.SolutionUniqueName", "CrmSuite");

        foreach (var (table, columns, key, keyColumns) in Tables)
        {
            if (table.StartsWith("cs_", StringComparison.Ordinal))
            {
                await Send(http, "EntityDefinitions", NewTable(table), cancellationToken);
            }
            foreach (var spec in columns)
            {
                var (name, type) = (spec.Split(':')[0], spec.Split(':')[1]);
                if (type.StartsWith('L'))
                {
                    await Send(http, "RelationshipDefinitions", Relationship(type[1..], table, name), cancellationToken);
                }
                else
                {
                    await Send(http, $"EntityDefinitions(LogicalName='{table}')/Attributes", Column(name, type), cancellationToken);
                }
            }
            if (key is not null)
            {
                var body = new JsonObject { ["SchemaName"] = key, ["DisplayName"] = Label(key), ["KeyAttributes"] = new JsonArray([.. keyColumns.Select(c => JsonValue.Create(c))]) };
                await Send(http, $"EntityDefinitions(LogicalName='{table}')/Keys", body, cancellationToken);
            }
        }
        emulator.ActivatePendingKeys();
    }

    private static JsonObject NewTable(string logicalName) => new()
    {
        ["@odata.type"] = "Microsoft.Dynamics.CRM.EntityMetadata",
        ["SchemaName"] = logicalName,
        ["DisplayName"] = Label(logicalName),
        ["DisplayCollectionName"] = Label(logicalName + "s"),
        ["OwnershipType"] = "OrganizationOwned",
        ["HasActivities"] = false,
        ["HasNotes"] = false,
        ["ChangeTrackingEnabled"] = true,
        ["Attributes"] = new JsonArray(new JsonObject
        {
            ["@odata.type"] = "Microsoft.Dynamics.CRM.StringAttributeMetadata",
            ["SchemaName"] = "cs_name",
            ["IsPrimaryName"] = true,
            ["MaxLength"] = 200,
            ["DisplayName"] = Label("Name"),
        }),
    };

    private static JsonObject Column(string schemaName, string type)
    {
        var column = new JsonObject { ["SchemaName"] = schemaName, ["DisplayName"] = Label(schemaName) };
        switch (type[0], type)
        {
            case (_, "DO"):
                column["@odata.type"] = "Microsoft.Dynamics.CRM.DateTimeAttributeMetadata";
                column["Format"] = "DateOnly";
                column["DateTimeBehavior"] = new JsonObject { ["Value"] = "DateOnly" };
                break;
            case (_, "DT"):
                column["@odata.type"] = "Microsoft.Dynamics.CRM.DateTimeAttributeMetadata";
                column["Format"] = "DateAndTime";
                column["DateTimeBehavior"] = new JsonObject { ["Value"] = "UserLocal" };
                break;
            case ('S', _) or ('M', _):
                column["@odata.type"] = type[0] == 'S' ? "Microsoft.Dynamics.CRM.StringAttributeMetadata" : "Microsoft.Dynamics.CRM.MemoAttributeMetadata";
                column["MaxLength"] = int.Parse(type[1..], System.Globalization.CultureInfo.InvariantCulture);
                break;
            case ('I', _):
                column["@odata.type"] = "Microsoft.Dynamics.CRM.IntegerAttributeMetadata";
                break;
            case ('D', _):
                column["@odata.type"] = "Microsoft.Dynamics.CRM.DecimalAttributeMetadata";
                column["Precision"] = int.Parse(type[1..], System.Globalization.CultureInfo.InvariantCulture);
                break;
        }
        return column;
    }

    private static JsonObject Relationship(string referenced, string referencing, string lookupSchemaName) => new()
    {
        ["@odata.type"] = "Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata",
        ["SchemaName"] = $"cs_{referenced}_{referencing}_{lookupSchemaName.ToLowerInvariant()}",
        ["ReferencedEntity"] = referenced,
        ["ReferencedAttribute"] = referenced + "id",
        ["ReferencingEntity"] = referencing,
        ["Lookup"] = new JsonObject
        {
            ["@odata.type"] = "Microsoft.Dynamics.CRM.LookupAttributeMetadata",
            ["AttributeType"] = "Lookup",
            ["SchemaName"] = lookupSchemaName,
            ["DisplayName"] = Label(lookupSchemaName),
        },
    };

    private static JsonObject Label(string text) => new()
    {
        ["@odata.type"] = "Microsoft.Dynamics.CRM.Label",
        ["LocalizedLabels"] = new JsonArray(new JsonObject
        {
            ["@odata.type"] = "Microsoft.Dynamics.CRM.LocalizedLabel",
            ["Label"] = text,
            ["LanguageCode"] = 1033,
        }),
    };

    private static async Task Send(HttpClient http, string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}
